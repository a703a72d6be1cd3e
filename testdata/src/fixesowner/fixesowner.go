// Package fixesowner checks the fix for a value that owns a body (a type
// with the body in a field and its own Close): a deferred call of its
// Close, which drains the body or not as the type decides.
package fixesowner

import (
	"io"
	"net/http"
)

type stream struct {
	body io.ReadCloser
}

func (s *stream) Close() error { // want Close:`params\(0:closed\)`
	_, _ = io.Copy(io.Discard, s.body)
	return s.body.Close()
}

func open(c *http.Client, u string) (*stream, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	return &stream{body: resp.Body}, nil
}

func use(c *http.Client, u string) error {
	s, err := open(c, u) // want `s is not closed`
	if err != nil {
		return err
	}
	_ = s
	return nil
}
