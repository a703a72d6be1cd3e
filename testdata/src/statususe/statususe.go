// Package statususe tests the status of responses from package statuslib
// before their errors: where the status rules out the paths on which the
// helper left the body unread, a close there is not undrained.
package statususe

import (
	"io"
	"net/http"

	"statuslib"
)

// notFoundFirst checks for a 404 before the error, as vault's callers do:
// on a 404 Raw has returned an error after Error read the body.
func notFoundFirst(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Raw(req)
	if resp != nil {
		defer resp.Body.Close()
		if resp.StatusCode == 404 {
			return nil, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// redirectFirst checks for a redirect before the error: Raw returns one
// with its body unread.
func redirectFirst(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Raw(req)
	if resp != nil {
		defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
		if resp.StatusCode == http.StatusFound {
			return nil, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// unreadNotFound checks for a 404 first, but Unread leaves failing bodies
// unread: the close is undrained.
func unreadNotFound(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Unread(req)
	if resp != nil {
		defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
		if resp.StatusCode == 404 {
			return nil, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// switchFirst tells the statuses apart with a switch: the 200 case reads,
// the 404 case gets a body Raw already read.
func switchFirst(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Raw(req)
	if resp == nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotFound, http.StatusForbidden:
		return nil, nil
	case http.StatusOK:
		return io.ReadAll(resp.Body)
	}
	_, rerr := io.ReadAll(resp.Body)
	if err == nil {
		err = rerr
	}
	return nil, err
}

// okStatusUnread returns on a 200 without reading: whether Raw failed or
// not, a 200 comes with its body unread.
func okStatusUnread(c *statuslib.Client, req *http.Request) error {
	resp, err := c.Raw(req)
	if resp == nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// only200 gets only 200s from Only200: a test for a 404 never holds.
func only200(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Only200(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	return io.ReadAll(resp.Body)
}

// leakOn404 does not close on a 404: there the body is one Raw read into
// memory, or one whose read failed, which may hold the connection.
func leakOn404(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Raw(req) // want `resp.Body is not closed on the path that returns at line 115 \(when resp.StatusCode == 404\): a failed read of it may leave the connection held until it is closed`
	if resp != nil && resp.StatusCode == 404 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// leakOnRedirect does not close on a redirect, which Raw returns unread.
func leakOnRedirect(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Raw(req) // want `resp.Body is not closed`
	if resp != nil && resp.StatusCode == 307 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// checkedNotFound gets a 404 from Checked with its body unread (Checked
// returns it with CheckOK's error): the close is undrained.
func checkedNotFound(c *statuslib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Checked(req)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// unusualStatus tests for a status net/http accepts but few servers send:
// the body still leaks on that path.
func unusualStatus(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == 999 || resp.StatusCode < 100 {
		return nil, io.ErrUnexpectedEOF
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

var cached *http.Response

// maybeCached tests the status of a value that may be another response:
// it says nothing of resp, a 200 that leaks on the 404 path.
func maybeCached(c *http.Client, u string, useCache bool) ([]byte, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, io.ErrUnexpectedEOF
	}
	r := resp
	if useCache {
		r = cached
	}
	if r.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// previous tests the status of the response of the last iteration: it says
// nothing of this one's.
func previous(c *http.Client, urls []string) error {
	var last *http.Response
	for _, u := range urls {
		resp, err := c.Get(u) // want `resp.Body is not closed`
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusOK {
			if last != nil && last.StatusCode == http.StatusServiceUnavailable {
				return nil
			}
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		last = resp
	}
	return nil
}

// checkBoth returns CheckOK's error when it fails, and drains and closes b
// otherwise: its summary must not take the failing return for a nil one.
func checkBoth(a, b *http.Response) error {
	err := statuslib.CheckOK(a)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, b.Body)
	b.Body.Close()
	return nil
}

// usesCheckBoth closes b where checkBoth failed, and checkBoth closed it
// where it did not: nothing to report.
func usesCheckBoth(c *http.Client, a *http.Response, u string) error {
	b, err := c.Get(u)
	if err != nil {
		return err
	}
	if err := checkBoth(a, b); err != nil {
		io.Copy(io.Discard, b.Body)
		b.Body.Close()
		return err
	}
	return nil
}
