// Package closefunc checks closes through a function value: the method
// value resp.Body.Close closes the body when it is called, so a helper that
// calls the function it is given closes it (or closes it unread).
package closefunc

import (
	"io"
	"log"
	"net/http"
)

func closeQuietly(f func() error) {
	_ = f()
}

func closeLogged(f func() error) {
	if err := f(); err != nil {
		log.Print(err)
	}
}

// A nil function is not called; a body's Close never is nil.
func closeIfAny(f func() error) {
	if f != nil {
		_ = f()
	}
}

func closeDeferred(f func() error) {
	defer func() { _ = f() }()
	log.Print("closing")
}

func closeMaybe(f func() error, really bool) {
	if really {
		_ = f()
	}
}

var closers []func() error

func keep(f func() error) {
	closers = append(closers, f)
}

func ignore(f func() error) {}

type closerFunc func() error

func (f closerFunc) Close() error { return f() } // want Close:`params\(0:closed-unread\)`

func readThenCloseQuietly(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer closeQuietly(resp.Body.Close)
	return io.ReadAll(resp.Body)
}

func unreadCloseQuietly(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	defer closeQuietly(resp.Body.Close) // want `resp.Body is closed by this deferred call before it is read to EOF`
	return resp.StatusCode, nil
}

func unreadCloseLoggedNow(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closeLogged(resp.Body.Close) // want `resp.Body is closed by closeLogged before it is read to EOF`
	return resp.StatusCode, nil
}

func unreadCloseIfAny(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closeIfAny(resp.Body.Close) // want `resp.Body is closed by closeIfAny before it is read to EOF`
	return resp.StatusCode, nil
}

func unreadCloseDeferredInHelper(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closeDeferred(resp.Body.Close) // want `resp.Body is closed by closeDeferred before it is read to EOF`
	return resp.StatusCode, nil
}

func readThenClose(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	closeLogged(resp.Body.Close)
	return b, err
}

// The method value held in a variable and called.
func methodValueCalled(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closeBody := resp.Body.Close
	defer closeBody() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return resp.StatusCode, nil
}

// A function type with a Close method (an io.Closer adapter).
func adapter(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closerFunc(resp.Body.Close).Close() // want `resp.Body is closed by Close before it is read to EOF`
	return resp.StatusCode, nil
}

// Hand-offs: the function may be called later, or not at all; silence.

func closedMaybe(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closeMaybe(resp.Body.Close, true)
	return resp.StatusCode, nil
}

func kept(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	keep(resp.Body.Close)
	return resp.StatusCode, nil
}

func appended(c *http.Client, us []string) error {
	var cs []func() error
	defer func() {
		for _, f := range cs {
			f()
		}
	}()
	for _, u := range us {
		resp, err := c.Get(u)
		if err != nil {
			return err
		}
		cs = append(cs, resp.Body.Close)
	}
	return nil
}

func passedToUnknown(c *http.Client, u string, run func(func() error)) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	run(resp.Body.Close)
	return resp.StatusCode, nil
}

func ignored(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	ignore(resp.Body.Close)
	return resp.StatusCode, nil
}

// A merge of the method value with another function: the call may not
// close the body.
func merged(c *http.Client, u string, other func() error, useOther bool) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	f := resp.Body.Close
	if useOther {
		f = other
	}
	defer f()
	return resp.StatusCode, nil
}

// A method value of a reader over the body closes the reader, not the
// body; respbody does not follow it (a hand-off: silence).
func wrapperClose(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	r := io.NopCloser(resp.Body)
	closeQuietly(r.Close)
	return resp.StatusCode, nil
}
