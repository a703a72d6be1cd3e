// Package xnohttp uses net/http only through package xlib: it never names
// it, so SSA does not create net/http for it, and the methods it calls on
// its types (http.Client.Get) must still be known.
package xnohttp

import (
	"io"

	"xlib"
)

func leak(c *xlib.Client, u string) int {
	resp, err := c.HC.Get(u) // want `resp.Body is not closed on the path that returns at line 17`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func drained(c *xlib.Client, u string) error {
	resp, err := c.HC.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func undrained(c *xlib.Client, u string) (int, error) {
	resp, err := c.HC.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return resp.StatusCode, nil
}
