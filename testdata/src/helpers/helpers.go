// Package helpers checks same-package helpers and wrappers, through their
// summaries.
package helpers

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// drainAndClose reads the rest of the body and closes it.
func drainAndClose(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, rc)
	_ = rc.Close()
}

// closeQuietly closes without reading.
func closeQuietly(c io.Closer) { _ = c.Close() }

// readBody reads the whole body and closes it.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// decode reads one JSON value: not to EOF.
func decode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

// drain reads to EOF without closing.
func drain(r io.Reader) { io.Copy(io.Discard, r) }

var kept []*http.Response

// keep stores the response: the caller no longer owns it.
func keep(resp *http.Response) { kept = append(kept, resp) }

func usesDrainAndClose(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer drainAndClose(resp.Body)
}

func usesCloseQuietly(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer closeQuietly(resp.Body) // want `closed by this deferred call before it is read to EOF`
}

func usesCloseQuietlyAfterDrain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer closeQuietly(resp.Body)
	drain(resp.Body)
}

func usesCloseQuietlyNow(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeQuietly(resp.Body) // want `resp.Body is closed by closeQuietly before it is read to EOF`
}

func usesReadBody(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return readBody(resp)
}

func usesDecode(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	return decode(resp.Body, v)
}

func usesKeep(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	keep(resp)
}

// drain reads to EOF: the connection is back in the pool, and the missing
// close is reported all the same.
func forgetsToClose(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 104: it was read to EOF`
	if err != nil {
		return
	}
	drain(resp.Body)
}

// Client is an SDK client whose methods wrap one another.
type Client struct {
	hc   *http.Client
	base string
}

func (c *Client) do(req *http.Request) (*http.Response, error) { // want do:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	return resp, nil
}

func (c *Client) get(path string) (*http.Response, error) { // want get:`results\(0:fresh:\{ok:open err:none\}\)`
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	return c.do(req)
}

// check closes the body on a bad status, and passes the response through
// otherwise.
func check(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		drainAndClose(resp.Body)
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

func (c *Client) Version() (string, error) {
	resp, err := c.get("/version") // want `resp.Body is not closed`
	if err != nil {
		return "", err
	}
	return resp.Header.Get("Version"), nil
}

func (c *Client) Ping() error {
	resp, err := c.get("/ping")
	if err != nil {
		return err
	}
	drainAndClose(resp.Body)
	return nil
}

func (c *Client) Checked() error {
	resp, err := check(c.get("/x"))
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	return nil
}

// Bodies returned by a wrapper are owned by the caller too.
func (c *Client) open(path string) (io.ReadCloser, error) { // want open:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.get(path)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func (c *Client) Open() error {
	body, err := c.open("/file") // want `body is not closed on the path that returns at line 182: it was read to EOF`
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, body)
	return err
}

// Closures called in place, deferred, or as method values.
func closures(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	cleanup := func() {
		drain(resp.Body)
		resp.Body.Close()
	}
	cleanup()
}

// Recursion must not loop forever or overflow the stack.
func retry(c *http.Client, req *http.Request, n int) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil && n > 0 {
		return retry(c, req, n-1)
	}
	return resp, err
}

func consume(resp *http.Response, depth int) {
	if depth == 0 {
		drainAndClose(resp.Body)
		return
	}
	consume(resp, depth-1)
}

// A recursive wrapper is a source: its recursive call returns what it
// returns, which adds nothing to its summary.
func usesRetry(c *http.Client, req *http.Request) {
	resp, err := retry(c, req, 3) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp.StatusCode
}

// Generic helpers are summarized like any other.
func closeAll[T io.Closer](cs ...T) {
	for _, c := range cs {
		c.Close()
	}
}

func drainGeneric[R io.Reader](r R) {
	io.Copy(io.Discard, r)
}

func usesGeneric(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	drainGeneric(resp.Body)
	resp.Body.Close()
}
