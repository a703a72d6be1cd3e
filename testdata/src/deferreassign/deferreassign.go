// Package deferreassign checks a closure deferred over a variable that is
// reassigned: it closes only what the variable holds when it runs, so the
// response stored there first is never closed unless the code closes it
// before the reassignment.
package deferreassign

import (
	"io"
	"net/http"

	"deferreassignlib"
)

func redirectLeaks(c *http.Client, u, next string) error {
	resp, err := c.Get(u) // want `resp.Body is not closed on the paths that return at lines 24, 27 \(the closure deferred over resp closes only what resp holds when it runs, and resp is reassigned at line 22\)`
	if err != nil {
		return err
	}
	defer func() { _, _ = io.Copy(io.Discard, resp.Body); resp.Body.Close() }()
	if resp.StatusCode == http.StatusFound {
		// The first response is still open here.
		resp, err = c.Get(next)
		if err != nil {
			return err
		}
	}
	return nil
}

func redirectClosesFirst(c *http.Client, u, next string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func() { _, _ = io.Copy(io.Discard, resp.Body); resp.Body.Close() }()
	if resp.StatusCode == http.StatusFound {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		resp, err = c.Get(next)
		if err != nil {
			return err
		}
	}
	return nil
}

func libLeaks(c *http.Client, u, next string) (int, error) {
	resp, err := c.Get(u) // want `resp is reassigned at line 54`
	if err != nil {
		return 0, err
	}
	defer func() { deferreassignlib.DrainClose(resp) }()
	if resp.StatusCode == http.StatusFound {
		resp, err = c.Get(next)
		if err != nil {
			return 0, err
		}
	}
	return resp.StatusCode, nil
}

func libClosesFirst(c *http.Client, u, next string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	defer func() { deferreassignlib.DrainClose(resp) }()
	if resp.StatusCode == http.StatusFound {
		deferreassignlib.DrainClose(resp)
		resp, err = c.Get(next)
		if err != nil {
			return 0, err
		}
	}
	return resp.StatusCode, nil
}

// readThenReassigned: the first body was read to EOF; it is still owed its
// close.
func readThenReassigned(c *http.Client, u, next string) ([]byte, error) {
	resp, err := c.Get(u) // want `resp is reassigned at line 91.*: it was read to EOF`
	if err != nil {
		return nil, err
	}
	defer func() { resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		resp, err = c.Get(next)
		if err != nil {
			return nil, err
		}
		return io.ReadAll(resp.Body)
	}
	return b, nil
}

// deferredDirect: defer resp.Body.Close() evaluates resp.Body at the
// defer statement, so it closes the first body whatever resp holds later.
func deferredDirect(c *http.Client, u, next string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode == http.StatusFound {
		resp, err = c.Get(next)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
	}
	return nil
}
