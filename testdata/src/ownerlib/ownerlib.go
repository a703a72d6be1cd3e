// Package ownerlib is an SDK whose stream keeps the response's body in a
// field and has its own Close (used from package owneruse).
package ownerlib

import (
	"bufio"
	"io"
	"net/http"
)

// Stream reads events off a response body.
type Stream struct {
	body io.ReadCloser
	sc   *bufio.Scanner
}

// Open starts a stream: the caller owes its Close.
func Open(c *http.Client, u string) (*Stream, error) { // want Open:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	return &Stream{body: resp.Body, sc: bufio.NewScanner(resp.Body)}, nil
}

// Next returns the next event.
func (s *Stream) Next() (string, bool) {
	if !s.sc.Scan() {
		return "", false
	}
	return s.sc.Text(), true
}

// Close drains what is left and closes the body.
func (s *Stream) Close() error { // want Close:`params\(0:closed\)`
	_, _ = io.Copy(io.Discard, s.body)
	return s.body.Close()
}

// Object keeps the whole response; its Close closes the body without
// draining it.
type Object struct {
	resp *http.Response
	Size int64
}

// Get fetches an object: the caller owes its Close.
func Get(c *http.Client, u string) (*Object, error) { // want Get:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	return &Object{resp: resp, Size: resp.ContentLength}, nil
}

// Close closes the object's body.
func (o *Object) Close() error { // want Close:`params\(0:closed-unread\)`
	return o.resp.Body.Close()
}

// Cancel stops nothing: its name is not Close.
func (o *Object) Cancel() {}
