package mixed

import (
	"net/http"

	"example.com/cgo/lib"
)

// Status returns the status of the page, closing the body unread.
func Status(c *http.Client, u string) (int, error) {
	resp, err := lib.Get(c, u)
	if err != nil {
		return Abs(-1), err
	}
	defer lib.Discard(resp)
	return resp.StatusCode, nil
}
