package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The code shapes the experiment runs: each pattern respbody reports, and
// the fix it writes (or, in a loop, the advice its message gives). The
// fixes are the shapes of testdata/src/fixes/fixes.go.golden.
//
// The unfixed ones are wrong on purpose; respbody reports each of them
// (the lines marked "respbody:"; scripts/test-deliberate-findings.sh
// checks that it reports those lines and no others).

// pattern is one row group of the table: a shape, run n times against
// the URL of a response with the given status.
// newlineDelay is how long after the JSON value the server writes the
// newline that ends the body, in the rows that say "newline 5 ms later".
const newlineDelay = 5 * time.Millisecond

type pattern struct {
	name   string
	status int  // what the server answers; 0: 200
	noBody bool // HEAD and 204: one row, no body sizes
	// newlineLater: the server writes the JSON value's trailing newline
	// newlineDelay after the rest, as a separate write.
	newlineLater bool
	run          func(c *http.Client, u string, n int)
}

var patterns = []pattern{
	{name: "read to EOF, close (reference)", run: each(readAllClose)},
	{name: "never closed (return on status)", status: http.StatusServiceUnavailable, run: each(leakOnStatus)},
	{name: "fix: deferred drain-and-close", status: http.StatusServiceUnavailable, run: each(leakOnStatusFixed)},
	{name: "`continue` after status check", status: http.StatusServiceUnavailable, run: continueOnStatus},
	{name: "fix: drain and close before `continue`", status: http.StatusServiceUnavailable, run: continueOnStatusFixed},
	{name: "Decode, deferred Close", run: each(decodeDeferClose)},
	{name: "Decode, deferred Close; newline 5 ms later", newlineLater: true, run: each(decodeDeferClose)},
	{name: "fix: deferred drain-and-close, Decode; newline 5 ms later", newlineLater: true, run: each(decodeDeferCloseFixed)},
	{name: "Close without read", run: each(closeUnread)},
	{name: "fix: bounded drain, Close", run: each(closeUnreadFixed)},
	{name: "HEAD, nothing done", noBody: true, run: each(head)},
	{name: "204, nothing done", status: http.StatusNoContent, noBody: true, run: each(noContent)},
}

// each runs f n times, one request each.
func each(f func(c *http.Client, u string) error) func(c *http.Client, u string, n int) {
	return func(c *http.Client, u string, n int) {
		for range n {
			_ = f(c, u)
		}
	}
}

func readAllClose(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

// leakOnStatus is fixes.go's leakOnStatus, on the path where the status
// is not 200: the body is never closed.
func leakOnStatus(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// leakOnStatusFixed is leakOnStatus after respbody -fix.
func leakOnStatusFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// continueOnStatus skips a failed response without closing it.
func continueOnStatus(c *http.Client, u string, n int) {
	for range n {
		resp, err := c.Get(u) // respbody: unclosed
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// continueOnStatusFixed follows respbody's advice in a loop: drain and
// close before the loop goes on.
func continueOnStatusFixed(c *http.Client, u string, n int) {
	for range n {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
			resp.Body.Close()
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

type document struct {
	Data string `json:"data"`
}

// decodeDeferClose closes after json.Decoder.Decode, which stops after the
// value and leaves the newline (and, for a chunked body, the terminating
// chunk) unread.
func decodeDeferClose(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // respbody: undrained
	var v document
	return json.NewDecoder(resp.Body).Decode(&v)
}

// decodeDeferCloseFixed is decodeDeferClose after respbody -fix.
func decodeDeferCloseFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	var v document
	return json.NewDecoder(resp.Body).Decode(&v)
}

// closeUnread is fixes.go's explicitClose: a status check, then Close.
func closeUnread(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close() // respbody: undrained
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

// closeUnreadFixed is closeUnread after respbody -fix.
func closeUnreadFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

// head does nothing with a HEAD response: there is no body to close.
func head(c *http.Client, u string) error {
	resp, err := c.Head(u)
	if err != nil {
		return err
	}
	_ = resp.Header
	return nil
}

// noContent does nothing with a 204 response: the transport released its
// connection before returning it.
func noContent(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	return fmt.Errorf("status %s", resp.Status)
}
