// Package rangefunclib holds helpers with range-over-func loops beside the
// response they are given, used from package rangefuncuse: their summaries
// travel as facts.
package rangefunclib

import (
	"io"
	"net/http"
	"strings"
)

// Links reads the response's Link header with an iterator: the body is
// left as it was.
func Links(resp *http.Response) []string { // want Links:`none`
	var out []string
	for l := range strings.SplitSeq(resp.Header.Get("Link"), ",") {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// Finish loops over the tags, then drains and closes the body.
func Finish(resp *http.Response, list string) int { // want Finish:`params\(0:closed\)`
	n := 0
	for t := range strings.SplitSeq(list, ",") {
		n += len(t)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return n
}

// FinishInLoop closes the body inside the loop where it stops early, and
// after it otherwise.
func FinishInLoop(resp *http.Response, list string) int { // want FinishInLoop:`params\(0:closed-unread\|closed\)`
	n := 0
	for t := range strings.SplitSeq(list, ",") {
		if t == "" {
			resp.Body.Close()
			return n
		}
		n++
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return n
}
