// Package deferreassignlib drains and closes a response (used from package
// deferreassign).
package deferreassignlib

import (
	"io"
	"net/http"
)

// DrainClose reads what is left of resp's body and closes it.
func DrainClose(resp *http.Response) { // want DrainClose:`params\(0:closed\)`
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
