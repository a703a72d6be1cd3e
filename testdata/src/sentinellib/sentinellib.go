// Package sentinellib returns sentinel errors beside responses, used from
// package sentinel: its summaries travel as facts.
package sentinellib

import (
	"errors"
	"io"
	"net/http"
)

// ErrNotPartial is a sentinel error: never nil.
var ErrNotPartial = errors.New("not a partial response")

// Partial returns a 206 response; any other response is drained and
// closed, by the deferred call that runs where the function returns an
// error: its callers owe nothing there.
func Partial(c *http.Client, req *http.Request) (_ *http.Response, retErr error) { // want Partial:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		if retErr != nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusPartialContent {
		return nil, ErrNotPartial
	}
	return resp, nil
}
