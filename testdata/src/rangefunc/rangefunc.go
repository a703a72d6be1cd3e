// Package rangefunc checks range-over-func loops that do not range over
// responses: a loop costs precision only for the bodies its own body
// touches, in the function that holds it and in the summaries of helpers
// that hold one.
package rangefunc

import (
	"errors"
	"io"
	"maps"
	"net/http"
	"strings"
)

// count is an iterator declared as a function: for i := range count calls
// it statically.
func count(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

// A helper that touches the response and loops over an unrelated iterator
// (whose body reads the response's status) neither closes nor keeps it.
func tags(resp *http.Response, list string) []string {
	var out []string
	for t := range strings.SplitSeq(list, ",") {
		if t == resp.Status {
			return out
		}
		out = append(out, t)
	}
	return out
}

func leaksThroughHelper(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return len(tags(resp, "a,b"))
}

// A helper that loops and then drains and closes.
func closeAfterLoop(resp *http.Response, list string) int {
	defer resp.Body.Close()
	n := 0
	for t := range strings.SplitSeq(list, ",") {
		n += len(t)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return n
}

func closedThroughHelper(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return closeAfterLoop(resp, "a,b")
}

func leaksBesideLoop(c *http.Client, req *http.Request, list string) int {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	n := 0
	for t := range strings.SplitSeq(list, ",") {
		n += len(t)
	}
	return n + resp.StatusCode
}

// The loop body closes where it returns; the code after the loop closes
// where the loop ends.
func closesInLoopAndAfter(c *http.Client, req *http.Request, list string) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	for t := range strings.SplitSeq(list, ",") {
		if t == "stop" {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return errors.New("stopped")
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// Returning from inside the loop without a close leaks.
func returnsFromLoop(c *http.Client, req *http.Request, list string) error {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 103`
	if err != nil {
		return err
	}
	for t := range strings.SplitSeq(list, ",") {
		if t == "stop" {
			return errors.New("stopped")
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// Nested loops, one over a declared iterator, and a deferred close.
func nested(c *http.Client, req *http.Request, m map[string]int) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	n := 0
	for i := range count {
		for k := range maps.Keys(m) {
			if k == "" {
				return n
			}
			n += i
		}
	}
	return n
}

// Nested loops where the inner body closes unread and leaves both loops.
func closesUnreadInLoop(c *http.Client, req *http.Request, m map[string]int) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	for i := range count { // want `resp.Body is closed by the loop body before it is read to EOF`
		for k := range maps.Keys(m) {
			if k == "" {
				resp.Body.Close()
				return i
			}
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return 0
}

// A loop body that takes the response's body elsewhere hands it off: no
// finding, as for any hand-off.
func keepsInLoop(c *http.Client, req *http.Request, list string, out chan<- io.ReadCloser) {
	resp, err := c.Do(req)
	if err != nil {
		return
	}
	for t := range strings.SplitSeq(list, ",") {
		if t == "x" {
			out <- resp.Body
			return
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
