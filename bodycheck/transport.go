package bodycheck

import (
	"net/http"
	"testing"
)

// Transport returns a RoundTripper that sends requests through base
// (http.DefaultTransport if base is nil) and keeps watch over every
// response body it returns. When t's cleanup runs, t fails (t.Errorf) once
// for each body never closed and once for each body closed before EOF
// while bytes remained; the package documentation says exactly when.
//
// The returned RoundTripper forwards CloseIdleConnections to base, so
// http.Client.CloseIdleConnections keeps working through it.
func Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	// Helper here and in the cleanup: the testing package then puts the
	// errors at the line that called Transport.
	t.Helper()
	rec := newRecorder()
	t.Cleanup(func() {
		t.Helper()
		for _, f := range rec.finish() {
			t.Errorf("%s", f)
		}
	})
	return &transport{base: base, rec: rec}
}

// transport wraps the bodies of base's responses for rec.
type transport struct {
	base http.RoundTripper
	rec  *recorder
}

// RoundTrip implements http.RoundTripper.
func (tr *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := tr.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || resp == nil || hasNoBody(req, resp) {
		return resp, err
	}
	if b := tr.rec.track(req, resp, callers(2)); b != nil {
		resp.Body = b
	}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the base transport,
// if it has a way to.
func (tr *transport) CloseIdleConnections() {
	base := tr.base
	if base == nil {
		base = http.DefaultTransport
	}
	if c, ok := base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// hasNoBody reports whether resp has no body for the caller to read: the
// transport released its connection before returning it.
func hasNoBody(req *http.Request, resp *http.Response) bool {
	switch {
	case resp.Body == nil, resp.Body == http.NoBody:
		return true
	case req.Method == http.MethodHead:
		return true
	case resp.StatusCode < 200, // 101 Switching Protocols: the body is the connection
		resp.StatusCode == http.StatusNoContent,
		resp.StatusCode == http.StatusNotModified:
		return true
	case resp.ContentLength == 0:
		return true
	}
	return false
}
