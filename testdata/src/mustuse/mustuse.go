// Package mustuse checks identity and must-style wrappers: the result is
// the response they were given, owed the same.
package mustuse

import (
	"io"
	"net/http"

	"mustlib"
)

func must(resp *http.Response, err error) *http.Response {
	if err != nil {
		panic(err)
	}
	return resp
}

// Must is a generic must of this package.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func leaksLocal(c *http.Client, u string) int {
	resp := must(c.Get(u)) // want `is not closed`
	return resp.StatusCode
}

func leaksGeneric(c *http.Client, u string) int {
	resp := Must(c.Get(u)) // want `is not closed`
	return resp.StatusCode
}

func leaksLib(c *http.Client, u string) int {
	resp := mustlib.Must(c.Get(u)) // want `is not closed`
	return resp.StatusCode
}

func leaksLoShape(c *http.Client, u string) int {
	resp := mustlib.MustMsg(c.Get(u)) // want `is not closed`
	return resp.StatusCode
}

func closesGeneric(c *http.Client, u string) {
	resp := mustlib.Must(c.Get(u))
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
}

func closesLocal(c *http.Client, u string) {
	resp := must(c.Get(u))
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
}

// Put keeps the response in the map: handed off, no finding.
func keeps(c *http.Client, u string, m map[string]*http.Response) int {
	resp := mustlib.Put(m, u, must(c.Get(u)))
	return resp.StatusCode
}
