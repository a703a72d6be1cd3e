// Package related checks the related positions of findings: in line
// order, at most ten per finding (the message then says how many more),
// each saying what is true there.
package related

import (
	"io"
	"net/http"
	"strings"
)

// Twelve returns leak: the message names ten lines and says how many more.
func manyReturns(u string, k int) int {
	resp, err := http.Get(u) // want `resp.Body is not closed on the paths that return at lines 20, 22, 24, 26, 28, 30, 32, 34, 36, 38 and 2 more: the connection and its goroutines leak`
	if err != nil {
		return -1
	}
	switch k {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return 2
	case 3:
		return 3
	case 4:
		return 4
	case 5:
		return 5
	case 6:
		return 6
	case 7:
		return 7
	case 8:
		return 8
	case 9:
		return 9
	case 10:
		return 10
	}
	return resp.StatusCode
}

// The body is overwritten on one line and leaks at a later return: the
// related positions come in line order.
func replacedThenReturn(u string, a, b bool) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 57, and before resp.Body is overwritten at line 53: the connection and its goroutines leak`
	if err != nil {
		return
	}
	if a {
		resp.Body = io.NopCloser(strings.NewReader(""))
		return
	}
	if b {
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// Read to EOF on one path and unread on another: each return says what is
// true there.
func readOnOnePath(u string, skip bool) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the paths that return at lines 71, 73: the connection and its goroutines leak`
	if err != nil {
		return nil, err
	}
	if skip {
		return nil, nil
	}
	return io.ReadAll(resp.Body)
}
