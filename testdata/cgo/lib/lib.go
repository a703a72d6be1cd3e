// Package lib has the helpers whose summaries the cgo packages' findings
// need.
package lib

import "net/http"

// Discard closes the body without reading it.
func Discard(resp *http.Response) { resp.Body.Close() }

// Get returns a fresh response.
func Get(c *http.Client, u string) (*http.Response, error) { return c.Get(u) }
