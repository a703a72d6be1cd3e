// Package handledlib declares functions with bodyclose's //bodyclose:handled
// directive: their callers, here and in handleduse, need not close what
// they return.
package handledlib

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// Get returns a response its callers would have to close; the directive
// says they need not, which contradicts the code: respbody says so here,
// once, and reports none of the callers.
//
//bodyclose:handled
func Get(u string) (*http.Response, error) { // want Get:`none` `//bodyclose:handled says callers of Get need not close the response it returns, but it returns the body open`
	return http.Get(u)
}

// Spaced is written with a space, as bodyclose also accepts.
//
// bodyclose:handled
func Spaced(u string) (*http.Response, error) { // want Spaced:`none` `//bodyclose:handled says callers of Spaced need not close`
	return http.Get(u)
}

// Buffered reads and closes the body, and returns the response with its
// body in memory: the directive agrees with the code, so nothing is said.
//
//bodyclose:handled
func Buffered(u string) (*http.Response, error) { // want Buffered:`none`
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// Checked closes the body where it returns no error, and returns it open
// only beside an error: callers owe nothing where the error is not nil
// (http.Client.Do's convention), so the directive agrees with the code.
//
//bodyclose:handled
func Checked(u string) (*http.Response, error) { // want Checked:`none`
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.Header.Get("X") == "" {
		return resp, errMissing
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

var errMissing = errors.New("missing X")

// Status returns no response: the directive has nothing to apply to.
//
//bodyclose:handled
func Status(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// Open has no directive: its callers must close what it returns.
func Open(u string) (*http.Response, error) { // want Open:`results\(0:fresh:\{ok:open err:none\}\)`
	return http.Get(u)
}

// DocMention mentions the directive in prose, not as a line of its own:
// bodyclose:handled is not written here as the directive, so the callers
// of DocMention are checked.
func DocMention(u string) (*http.Response, error) { // want DocMention:`results\(0:fresh:\{ok:open err:none\}\)`
	return http.Get(u)
}

// callers in the same package: the directive applies here too.
func callers(u string) {
	_, _ = Get(u)
	_, _ = Spaced(u)
	_, _ = Buffered(u)
	_, _ = Open(u) // want `its body is never closed`
}
