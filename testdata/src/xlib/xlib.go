// Package xlib is a library of HTTP helpers and an SDK client, used from
// package xuse: its summaries travel as facts.
package xlib

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// DrainAndClose reads the rest of a body and closes it.
func DrainAndClose(rc io.ReadCloser) { // want DrainAndClose:`params\(0:closed\)`
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 256<<10))
	_ = rc.Close()
}

// CloseQuietly closes without reading.
func CloseQuietly(c io.Closer) { // want CloseQuietly:`params\(0:closed-unread\)`
	_ = c.Close()
}

// Discard drains by way of another helper: a chain.
func Discard(resp *http.Response) { // want Discard:`params\(0:closed\)`
	if resp != nil {
		DrainAndClose(resp.Body)
	}
}

// Decode reads one JSON value: not to EOF.
func Decode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) } // want Decode:`params\(0:part\)`

// Keep stores the response.
func Keep(resp *http.Response) { kept <- resp } // want Keep:`params\(0:kept\)`

var kept = make(chan *http.Response, 1)

// Check passes the response through, closing it on a bad status.
func Check(resp *http.Response, err error) (*http.Response, error) { // want Check:`params\(0:\{ok:open err:closed\}\[status \{ok:0-399 err:any\}\]\) results\(0:param0\)`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		DrainAndClose(resp.Body)
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

// Status returns the response it was given: a pass-through, not a source.
func Status(resp *http.Response) (*http.Response, int) { // want Status:`results\(0:param0\)`
	return resp, resp.StatusCode
}

// Fatal never returns.
func Fatal(msg string) { // want Fatal:`noreturn`
	panic(msg)
}

// CloseAll closes any closers: a generic helper.
func CloseAll[T io.Closer](cs ...T) {
	for _, c := range cs {
		c.Close()
	}
}

// DrainGeneric drains any reader.
func DrainGeneric[R io.Reader](r R) { // want DrainGeneric:`params\(0:read\)`
	io.Copy(io.Discard, r)
}

// Client is an SDK client.
type Client struct {
	HC   *http.Client
	Base string
}

func (c *Client) do(ctx context.Context, req *http.Request) (*http.Response, error) { // want do:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.HC.Do(req.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("xlib: %w", err)
	}
	return resp, nil
}

// Get is a wrapper of a wrapper.
func (c *Client) Get(ctx context.Context, path string) (*http.Response, error) { // want Get:`results\(0:fresh:\{ok:open err:none\}\)`
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, req)
}

// Open returns a fresh body.
func (c *Client) Open(ctx context.Context, path string) (io.ReadCloser, error) { // want Open:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.Get(ctx, path)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Doer is implemented by Client-like types.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Via sends through any Doer: the response is the caller's.
func Via(d Doer, req *http.Request) (*http.Response, error) { // want Via:`results\(0:fresh:\{ok:open err:none\}\)`
	return d.Do(req)
}
