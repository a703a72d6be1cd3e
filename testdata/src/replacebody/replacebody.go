// Package replacebody checks a body replaced by a reader over it: a wrapper
// whose Close closes the original keeps it owed through the response; one
// whose Close does not (io.NopCloser, gzip.NewReader) leaves the original
// with no Close that can reach it.
package replacebody

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"time"

	"replacebodylib"
)

// peekNop puts the bytes it read back in front of the body, but the
// NopCloser drops the body's Close: every caller's Close is a no-op.
type peekNop struct{ next http.RoundTripper }

func (p peekNop) RoundTrip(req *http.Request) (*http.Response, error) { // want RoundTrip:`results\(0:fresh:none\)`
	resp, err := p.next.RoundTrip(req) // want `is replaced at line 28 by a reader over it whose Close does not close it`
	if err != nil {
		return nil, err
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(resp.Body, head)
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(head[:n]), resp.Body))
	return resp, nil
}

// peekKeep keeps the body's Close beside the new reader.
type peekKeep struct{ next http.RoundTripper }

func (p peekKeep) RoundTrip(req *http.Request) (*http.Response, error) { // want RoundTrip:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := p.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(resp.Body, head)
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head[:n]), resp.Body), resp.Body}
	return resp, nil
}

func gunzipped(c *http.Client, u string) (*http.Response, error) {
	resp, err := c.Get(u) // want `is replaced at line 59 by a reader over it`
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	resp.Body = zr // gzip.Reader's Close does not close the body
	return resp, nil
}

// gunzippedKept closes the original itself.
func gunzippedKept(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	orig := resp.Body
	defer orig.Close()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body = zr
	return io.ReadAll(resp.Body)
}

type closingReader struct {
	io.Reader
	body io.Closer
}

func (c *closingReader) Close() error { return c.body.Close() }

// ownTimeout hands the body to a wrapper whose Close closes it.
func ownTimeout(c *http.Client, u string) (*http.Response, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	resp.Body = replacebodylib.WithTimeout(resp.Body, time.Second)
	return resp, nil
}

// ownLocal: a wrapper type of this package that keeps the body's Close.
func ownLocal(c *http.Client, u string) (*http.Response, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	resp.Body = &closingReader{Reader: bufioLike(resp.Body), body: resp.Body}
	return resp, nil
}

func bufioLike(r io.Reader) io.Reader { return io.LimitReader(r, 1<<20) }

// countedLib: a helper of another package that wraps the body in a
// NopCloser.
func countedLib(c *http.Client, u string) (*http.Response, error) {
	resp, err := c.Get(u) // want `is replaced at line 115 by a reader over it`
	if err != nil {
		return nil, err
	}
	resp.Body = replacebodylib.Counted(resp.Body)
	return resp, nil
}

// peekLib: a helper of another package that keeps the Close.
func peekLib(c *http.Client, u string) (*http.Response, []byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, nil, err
	}
	head := replacebodylib.Peek(resp)
	return resp, head, nil
}

// replacedAfterRead: a body read to EOF, then replaced by a buffer, is still
// owed its close.
func replacedAfterRead(c *http.Client, u string) (*http.Response, error) {
	resp, err := c.Get(u) // want `is not closed before resp.Body is overwritten at line 141`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}
