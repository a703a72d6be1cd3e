package bodycheck

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
)

// VerifyTestMain runs a test binary's tests with http.DefaultTransport (the
// transport of http.Get, http.Post and http.DefaultClient) wrapped as by
// Transport, restores it, and exits: non-zero if a test failed or if any
// response body was left open or closed before EOF, each of which it
// reports on standard error. Call it from TestMain:
//
//	func TestMain(m *testing.M) {
//		bodycheck.VerifyTestMain(m)
//	}
//
// Bodies are checked once, after all tests ran, so a report does not name
// the test; its stacks say where the body was obtained or closed.
func VerifyTestMain(m *testing.M) {
	os.Exit(verify(m, os.Stderr))
}

// verify runs m with http.DefaultTransport wrapped, restores it, writes
// the findings to w and returns the exit code.
func verify(m interface{ Run() int }, w io.Writer) int {
	saved := http.DefaultTransport
	rec := newRecorder()
	http.DefaultTransport = &transport{base: saved, rec: rec}
	code := func() int {
		defer func() { http.DefaultTransport = saved }()
		return m.Run()
	}()
	findings := rec.finish()
	if len(findings) == 0 {
		return code
	}
	fmt.Fprintf(w, "bodycheck: %d response %s left open or closed before EOF:\n", len(findings), plural(len(findings), "body", "bodies"))
	for _, f := range findings {
		fmt.Fprintf(w, "\n%s\n", f)
	}
	if code == 0 {
		code = 1
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
