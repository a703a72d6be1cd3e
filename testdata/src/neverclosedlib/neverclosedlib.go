// Package neverclosedlib holds helpers that read a body up to a bound, or
// return a response read to EOF and not closed: package neverclosed imports
// their summaries as facts.
package neverclosedlib

import (
	"io"
	"net/http"
)

// DrainBounded reads at most 64 KiB of a body into io.Discard: a deliberate
// drain, not a read to EOF.
func DrainBounded(r io.Reader) { // want DrainBounded:`params\(0:bounded\)`
	_, _ = io.CopyN(io.Discard, r, 64<<10)
}

// ReadLimited reads a body up to a bound.
func ReadLimited(r io.Reader) []byte { // want ReadLimited:`params\(0:bounded\)`
	b, _ := io.ReadAll(io.LimitReader(r, 1<<20))
	return b
}

// ReadAll reads a body to EOF.
func ReadAll(r io.Reader) []byte { // want ReadAll:`params\(0:read\)`
	b, _ := io.ReadAll(r)
	return b
}

// Fetch returns a response whose body it read to EOF and did not close:
// the caller owes the close.
func Fetch(c *http.Client, url string) (*http.Response, []byte, error) { // want Fetch:`results\(0:fresh:\{ok:read err:none\}\)`
	resp, err := c.Get(url)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, nil, err
	}
	return resp, b, nil
}

// FetchClosed reads and closes: the caller owes nothing.
func FetchClosed(c *http.Client, url string) (*http.Response, []byte, error) { // want FetchClosed:`results\(0:fresh:none\)`
	resp, err := c.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}
