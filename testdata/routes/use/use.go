// Package use calls lib: its finding needs lib's summaries.
package use

import (
	"net/http"

	"example.com/routes/lib"
	"example.com/routes/unused"
)

// Status returns the status of the page, closing the body unread.
func Status(c *http.Client) (int, error) {
	resp, err := lib.Get(c, unused.Name)
	if err != nil {
		return 0, err
	}
	defer lib.Discard(resp)
	return resp.StatusCode, nil
}
