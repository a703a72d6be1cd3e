// Package owneruse checks values that own a response body (a type of
// another package with the body in a field and its own Close): each is owed
// its Close; returning without it leaks the body.
package owneruse

import (
	"io"
	"net/http"

	"ownerlib"
)

func firstEvent(c *http.Client, u string) (string, error) {
	s, err := ownerlib.Open(c, u) // want `s is not closed on the path that returns at line 20: the connection and its goroutines leak; close it, e.g. defer s.Close\(\) after the error check`
	if err != nil {
		return "", err
	}
	ev, ok := s.Next()
	if !ok {
		return "", io.EOF
	}
	s.Close()
	return ev, nil
}

func firstEventDeferred(c *http.Client, u string) (string, error) {
	s, err := ownerlib.Open(c, u)
	if err != nil {
		return "", err
	}
	defer s.Close()
	ev, ok := s.Next()
	if !ok {
		return "", io.EOF
	}
	return ev, nil
}

// handedOn: the caller gets the stream and owes its Close.
func handedOn(c *http.Client, u string) (*ownerlib.Stream, error) {
	s, err := ownerlib.Open(c, u)
	if err != nil {
		return nil, err
	}
	if _, ok := s.Next(); !ok {
		s.Close()
		return nil, io.EOF
	}
	return s, nil
}

func size(c *http.Client, u string) (int64, error) {
	o, err := ownerlib.Get(c, u) // want `o is not closed on the path that returns at line 58`
	if err != nil {
		return 0, err
	}
	o.Cancel()
	return o.Size, nil
}

// sizeClosed: the object's Close does not drain, but that is its own
// business: no undrained finding here.
func sizeClosed(c *http.Client, u string) (int64, error) {
	o, err := ownerlib.Get(c, u)
	if err != nil {
		return 0, err
	}
	defer o.Close()
	return o.Size, nil
}

// local is a type of this package that owns a body.
type local struct {
	rc io.ReadCloser
}

func (l *local) Close() error { return l.rc.Close() } // want Close:`params\(0:closed-unread\)`

func openLocal(c *http.Client, u string) (*local, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	return &local{rc: resp.Body}, nil
}

func useLocal(c *http.Client, u string) error {
	l, err := openLocal(c, u) // want `l is not closed on the path that returns at line 93`
	if err != nil {
		return err
	}
	_ = l
	return nil
}

func useLocalClosed(c *http.Client, u string) error {
	l, err := openLocal(c, u)
	if err != nil {
		return err
	}
	return l.Close()
}
