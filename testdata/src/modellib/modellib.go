// Package modellib holds helpers and wrappers whose summaries package
// modeluse imports as facts.
package modellib

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Challenge reads only the header of a response: its fact says so, and
// callers keep their obligation.
func Challenge(resp *http.Response) string { // want Challenge:`none`
	return strings.TrimSpace(resp.Header.Get("WWW-Authenticate"))
}

// LogStatus only looks at the status.
func LogStatus(resp *http.Response, logf func(string, ...any)) { // want LogStatus:`none`
	logf("status %d", resp.StatusCode)
}

// Error carries a response for its status.
type Error struct{ Resp *http.Response }

func (e *Error) Error() string { return e.Resp.Status }

// CheckResponse reads the error body when the status says there is an
// error, as SDKs do, and leaves it open otherwise.
func CheckResponse(resp *http.Response) error { // want CheckResponse:`params\(0:\{ok:open err:replaced\}\[status \{ok:0-399 err:400\+\}\]\)`
	if resp.StatusCode < 400 {
		return nil
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return &Error{Resp: resp}
}

// MaybeDrain drains on some paths only.
func MaybeDrain(resp *http.Response) { // want MaybeDrain:`params\(0:open\|read\)`
	if resp.StatusCode >= 300 {
		io.Copy(io.Discard, resp.Body)
	}
}

// CloseOnError closes exactly when it returns an error.
func CloseOnError(resp *http.Response) error { // want CloseOnError:`params\(0:\{ok:open err:closed\}\[status \{ok:0-399 err:400\+\}\]\)`
	if resp.StatusCode >= 400 {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

// Client is an SDK client.
type Client struct{ HC *http.Client }

// Do decodes into v and closes the body, then returns the response.
func (c *Client) Do(ctx context.Context, req *http.Request, v *[]byte) (*http.Response, error) { // want Do:`results\(0:fresh:none\)`
	resp, err := c.HC.Do(req.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	*v, err = io.ReadAll(resp.Body)
	return resp, err
}

// Open returns the response open: a source.
func (c *Client) Open(ctx context.Context, req *http.Request) (*http.Response, error) { // want Open:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.HC.Do(req.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	return resp, nil
}

// LimitReader wraps a reader; reading it to the end reads r to the end.
func LimitReader(r io.Reader, n int64) io.Reader { // want LimitReader:`results\(0:reader\(param0\)\)`
	return &limited{r: r, n: n}
}

type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// API returns the body it read beside the response.
type API interface {
	Call(req *http.Request) (*http.Response, []byte, error)
}
