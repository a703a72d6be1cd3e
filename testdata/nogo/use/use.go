// Package use calls lib: its finding needs lib's facts.
package use

import (
	"net/http"

	"example.com/nogo/lib"
)

// Status returns the status of the page and never closes the body. Only
// lib.Log's summary, a fact from lib's action, says that lib.Log does not
// take the body: without it, the response is handed off to lib.Log.
func Status(c *http.Client, u string) (int, error) {
	resp, err := lib.Get(c, u)
	if err != nil {
		return 0, err
	}
	lib.Log(resp)
	return resp.StatusCode, nil
}
