// Package fetch gets a page in a closure given to retry.Do, through a
// client behind an unexported interface that fetch_test.go implements with
// a fake: the leak on a 5xx return is the package's own, found whether or
// not the package is analyzed with its tests (go vet and the default route
// analyze it with them, the in-process route without them too).
package fetch

import (
	"fmt"
	"io"
	"net/http"

	"example.com/routes/retry"
)

type getter interface {
	Get(url string) (*http.Response, error)
}

// Client gets pages.
type Client struct{ g getter }

// New returns a Client on c.
func New(c *http.Client) *Client { return &Client{g: c} }

// Page returns the page at u, retried on errors.
func (c *Client) Page(u string) ([]byte, error) {
	var page []byte
	err := retry.Do(func() error {
		resp, err := c.g.Get(u)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 500 {
			return fmt.Errorf("%s: status %d", u, resp.StatusCode)
		}
		defer resp.Body.Close()
		page, err = io.ReadAll(resp.Body)
		return err
	}, 3)
	return page, err
}
