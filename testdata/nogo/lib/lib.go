// Package lib has the helpers whose summaries (respbody's facts) its
// importers' findings need.
package lib

import (
	"io"
	"log"
	"net/http"
)

// Get returns a fresh response: its caller must close the body.
func Get(c *http.Client, u string) (*http.Response, error) { return c.Get(u) }

// Log logs the status of a response: it does not take the body.
func Log(resp *http.Response) { log.Print(resp.Status) }

// Release reads the rest of the body, up to a bound, and closes it.
func Release(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	_ = resp.Body.Close()
}
