// Package sentinel checks returns of sentinel errors: a package variable
// of type error declared with a value and never assigned again is not nil,
// so a close deferred on a non-nil error runs there.
package sentinel

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"sentinellib"
)

var (
	errNotPartial = errors.New("not partial")
	errStatus     = fmt.Errorf("bad status: %w", errNotPartial)
	// errMaybe is assigned again below: it may be nil.
	errMaybe = errors.New("maybe")
)

func reset() { errMaybe = nil }

func closesOnSentinel(c *http.Client, req *http.Request) (_ *http.Response, retErr error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		if retErr != nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	switch resp.StatusCode {
	case http.StatusPartialContent:
		return resp, nil
	case http.StatusOK:
		return nil, errStatus
	}
	return nil, errNotPartial
}

// The close runs unread on the sentinel's path: that is reported, and no
// leak is.
func closesUnreadOnSentinel(c *http.Client, req *http.Request) (_ *http.Response, retErr error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { // want `resp.Body is closed by this deferred call before it is read to EOF`
		if retErr != nil {
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusPartialContent {
		return nil, sentinellib.ErrNotPartial
	}
	return resp, nil
}

// errMaybe may be nil when it is returned: the close may not run.
func maybeNil(c *http.Client, req *http.Request) (_ *http.Response, retErr error) {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 75`
	if err != nil {
		return nil, err
	}
	defer func() {
		if retErr != nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusPartialContent {
		return nil, errMaybe
	}
	return resp, nil
}

func usesPartial(c *http.Client, req *http.Request) error {
	resp, err := sentinellib.Partial(c, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func leaksPartial(c *http.Client, req *http.Request) int {
	resp, err := sentinellib.Partial(c, req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
