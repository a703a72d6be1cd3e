package bodycheck_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/respbody/respbody/bodycheck"
)

// exampleT stands in for a test's *testing.T: it prints the first line of
// each failure, without the details that change from run to run.
type exampleT struct {
	testing.TB
	server   string
	cleanups []func()
}

func (t *exampleT) Helper()           {}
func (t *exampleT) Cleanup(fn func()) { t.cleanups = append(t.cleanups, fn) }

func (t *exampleT) Errorf(format string, args ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), t.server, "http://server")
	what, _, _ := strings.Cut(msg, ": its ")
	fmt.Println(what)
}

// endTest does what the testing package does when a test returns.
func (t *exampleT) endTest() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

func ExampleTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/users/1" {
			http.Error(w, "no such user", http.StatusNotFound)
			return
		}
		fmt.Fprintln(w, `{"name":"gopher"}`)
	}))
	defer srv.Close()

	// In a test: bodycheck.Transport(t, nil) with the test's t.
	t := &exampleT{server: srv.URL}
	client := &http.Client{Transport: bodycheck.Transport(t, nil)}

	for _, path := range []string{"/users/1", "/users/2", "/users/3"} {
		resp, err := client.Get(srv.URL + path) // respbody: unclosed
		if err != nil {
			fmt.Println(err)
			return
		}
		switch path {
		case "/users/1": // read to EOF and closed: right
			_, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		case "/users/2": // closed after a status check: the connection is lost
			resp.Body.Close() // respbody: undrained
		case "/users/3": // never closed: the connection leaks
		}
	}

	t.endTest()
	// Output:
	// bodycheck: GET http://server/users/2: 404 Not Found: body closed after 0 of 13 bytes
	// bodycheck: GET http://server/users/3: 404 Not Found: body never closed
}

// VerifyTestMain checks every body obtained through http.DefaultTransport
// (http.Get, http.DefaultClient) by the tests of a package.
func ExampleVerifyTestMain() {
	// In a _test.go file of the package:
	//
	//	func TestMain(m *testing.M) {
	//		bodycheck.VerifyTestMain(m)
	//	}
	//
	// A body left open fails the test binary, even when every test passed:
	//
	//	$ go test ./client
	//	PASS
	//	bodycheck: 1 response body left open or closed before EOF:
	//
	//	bodycheck: GET http://127.0.0.1:41235/users: 200 OK: body never closed: ...
	//	obtained at:
	//		example.com/client.fetch
	//			/src/client/fetch.go:31
	//		example.com/client.TestFetch
	//			/src/client/fetch_test.go:17
	//	FAIL	example.com/client	0.012s
}
