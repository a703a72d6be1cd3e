// Package samelib returns a response twice, bare and wrapped (used from
// package sameuse).
package samelib

import "net/http"

// Wrapped carries the same response as the first result: an SDK's
// response type.
type Wrapped struct {
	*http.Response
	Page int
}

// Fetch returns the response and a wrapper around the same response.
func Fetch(c *http.Client, u string) (*http.Response, *Wrapped, error) { // want Fetch:`results\(0:fresh:\{ok:open err:none\} 1:fresh:\{ok:open err:none\}\(same as 0\)\)`
	resp, err := c.Get(u)
	if err != nil {
		return nil, nil, err
	}
	return resp, &Wrapped{Response: resp}, nil
}
