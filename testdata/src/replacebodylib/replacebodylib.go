// Package replacebodylib holds body wrappers, one that takes the body over
// (its Close closes it) and one that does not (used from package
// replacebody).
package replacebodylib

import (
	"io"
	"net/http"
	"time"
)

type timeoutBody struct {
	rc io.ReadCloser
	d  time.Duration
}

func (t *timeoutBody) Read(p []byte) (int, error) { return t.rc.Read(p) }
func (t *timeoutBody) Close() error               { return t.rc.Close() }

// WithTimeout returns a body that closes rc when it is closed.
func WithTimeout(rc io.ReadCloser, d time.Duration) io.ReadCloser { // want WithTimeout:`results\(0:param0\)`
	return &timeoutBody{rc: rc, d: d}
}

// Counted returns a reader over rc whose Close does not close it.
func Counted(rc io.ReadCloser) io.ReadCloser { // want Counted:`results\(0:reader\(param0\)\)`
	return io.NopCloser(rc)
}

// Peek reads the first bytes of resp's body and puts them back in front of
// it, keeping the body's Close.
func Peek(resp *http.Response) []byte { // want Peek:`params\(0:part\)`
	head := make([]byte, 16)
	n, _ := io.ReadFull(resp.Body, head)
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(readerOf(head[:n]), resp.Body), resp.Body}
	return head[:n]
}

type bytesReader struct{ b []byte }

func (r *bytesReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func readerOf(b []byte) io.Reader { return &bytesReader{b} }
