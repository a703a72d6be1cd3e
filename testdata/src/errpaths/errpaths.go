// Package errpaths checks that nothing is owed where the call failed.
package errpaths

import (
	"context"
	"errors"
	"io"
	"net/http"
)

func errNotNil(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errIsNil(u string) {
	resp, err := http.Get(u)
	if err == nil {
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}
}

func respNil(u string) {
	resp, _ := http.Get(u)
	if resp == nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func respNotNil(u string) {
	resp, _ := http.Get(u)
	if resp != nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// The close on the error path is harmless (and owes no drain).
func closeOnErrorPath(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errOrStatus(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 63`
	if err != nil || resp.StatusCode != http.StatusOK {
		return errors.New("failed")
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

// err captured by a closure lives in a variable; the check still counts.
func capturedErr(u string) (err error) {
	defer func() {
		if err != nil {
			err = errors.New("wrapped")
		}
	}()
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errCheckedLate(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 92`
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func errorsIs(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, err
	case err != nil:
		return nil, err
	}
	return resp, nil
}

func errorsIsNil(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if errors.Is(err, nil) {
		return nil
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// A 101 response's body is the upgraded connection: the caller takes it.
func upgrade(c *http.Client, req *http.Request) (io.ReadWriteCloser, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errors.New("no upgrade")
	}
	return nil, nil
}

// The error lives in a variable of the enclosing function: the check on it
// still counts.
func errInEnclosingFunc(c *http.Client, req *http.Request) error {
	var err error
	func() {
		var resp *http.Response
		resp, err = c.Do(req)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}()
	return err
}

// IsUnavailable is true only for a non-nil error, as every IsSomething(err)
// predicate is.
func IsUnavailable(err error) bool { return errors.Is(err, errUnavailable) }

var errUnavailable = errors.New("unavailable")

func errorPredicate(c *http.Client, req *http.Request, retry func() error) error {
	resp, err := c.Do(req)
	if IsUnavailable(err) {
		return retry()
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
