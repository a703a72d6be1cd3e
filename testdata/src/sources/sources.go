// Package sources checks which calls produce a response the caller owns.
package sources

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/gorilla/websocket"
	"golang.org/x/net/http2"
)

func get(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp.StatusCode
}

func post(u string) {
	resp, err := http.Post(u, "text/plain", strings.NewReader("x")) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp
}

func postForm(u string) {
	resp, err := http.PostForm(u, url.Values{}) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp
}

func clientMethods(c *http.Client, req *http.Request, u string) {
	r1, err := c.Do(req) // want `r1.Body is not closed`
	if err != nil {
		return
	}
	_ = r1
	r2, err := c.Get(u) // want `r2.Body is not closed`
	if err != nil {
		return
	}
	_ = r2
	r3, err := c.Post(u, "", nil) // want `r3.Body is not closed`
	if err != nil {
		return
	}
	_ = r3
}

func roundTrip(t *http.Transport, rt http.RoundTripper, req *http.Request) {
	r1, err := t.RoundTrip(req) // want `r1.Body is not closed`
	if err != nil {
		return
	}
	_ = r1
	r2, err := rt.RoundTrip(req) // want `r2.Body is not closed`
	if err != nil {
		return
	}
	_ = r2
}

// A response read off a connection the caller manages holds nothing at
// all: only -strict reports it unclosed (see package strict).
func readResponse(br *bufio.Reader) {
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return
	}
	_ = resp
}

// Doer is the interface of HTTP clients that SDKs accept.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

func doer(d Doer, req *http.Request) {
	resp, err := d.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp
}

func funcValue(fetch func(string) (*http.Response, error)) {
	resp, err := fetch("u") // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp
}

// A wrapper of this package that returns a fresh response makes its calls
// sources.
func fetch(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func callsWrapper(ctx context.Context) {
	resp, err := fetch(ctx, "u") // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp.Status
}

// Not sources.

func head(c *http.Client, u string) {
	resp, err := http.Head(u)
	if err != nil {
		return
	}
	_ = resp.Header
	resp2, err := c.Head(u)
	if err != nil {
		return
	}
	_ = resp2.Header
}

func headRequest(c *http.Client, u string) {
	req, _ := http.NewRequest("HEAD", u, nil)
	resp, err := c.Do(req)
	if err != nil {
		return
	}
	_ = resp.ContentLength
	req2, _ := http.NewRequestWithContext(context.Background(), http.MethodHead, u, nil)
	resp2, err := c.Do(req2)
	if err != nil {
		return
	}
	_ = resp2.ContentLength
}

func recorder() int {
	rec := httptest.NewRecorder()
	resp := rec.Result()
	return resp.StatusCode
}

// passThrough only checks a response it was given.
func passThrough(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return nil, err
	}
	return resp, nil
}

type holder struct{ resp *http.Response }

// fromField returns a response read from a field: not fresh.
func (h *holder) fromField() *http.Response { return h.resp } // want fromField:`none`

func notFresh(h *holder) {
	r := h.fromField()
	_ = r.StatusCode
}

func passesThrough(u string) error {
	resp, err := passThrough(http.Get(u))
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `closed by this deferred call before it is read to EOF`
	return nil
}

// A response type that merely mentions *http.Response is not a source.
func notAResponse(f func() func(*http.Response) error) {
	_ = f()
}

func sliceOfResponses(f func() []*http.Response) int {
	return len(f())
}

// A wrapper that sends a HEAD request (through a copy of it) returns no
// body to close.
func headBlob(ctx context.Context, c *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodHead, u, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req.WithContext(ctx))
}

func usesHeadBlob(ctx context.Context, c *http.Client) int64 {
	resp, err := headBlob(ctx, c, "u")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.ContentLength
}

// A response read off a connection the caller manages holds no pooled
// connection: closing it unread costs nothing (leaving it open is still
// reported, above).
func readResponseClosed(br *bufio.Reader) int {
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// WebSocket handshake responses need not be closed.
func websocketDial(d *websocket.Dialer) error {
	conn, _, err := d.Dial("ws://x", nil)
	_ = conn
	return err
}

// HTTP/2: closing an unread body resets only its stream; the connection
// stays, so no drain is owed. The close still is.
func h2Unread(cc *http2.ClientConn, req *http.Request) (int, error) {
	resp, err := cc.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func h2DeferUnread(t *http2.Transport, req *http.Request) (int, error) {
	resp, err := t.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func h2Leak(cc *http2.ClientConn, req *http.Request) int {
	resp, err := cc.RoundTrip(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
