// Package bodycheck fails a test that leaves an HTTP response body open, or
// closes one before reading it to EOF. It is the run-time companion of the
// respbody analyzer: it sees the bodies that static analysis cannot follow
// (through interfaces, goroutines, other modules) and proves, in the tests
// a project already has, that none is lost.
//
// Wrap the transport of the client a test uses:
//
//	func TestFetch(t *testing.T) {
//		srv := httptest.NewServer(handler)
//		defer srv.Close()
//		client := &http.Client{Transport: bodycheck.Transport(t, nil)}
//		if err := fetch(client, srv.URL); err != nil {
//			t.Fatal(err)
//		}
//	}
//
// or check a whole test binary, for code that uses http.Get or
// http.DefaultClient:
//
//	func TestMain(m *testing.M) {
//		bodycheck.VerifyTestMain(m)
//	}
//
// When the test ends (at t.Cleanup), it fails with one error per body, at
// the line that called Transport:
//
//	--- FAIL: TestFetch (0.01s)
//	    fetch_test.go:14: bodycheck: GET http://127.0.0.1:41235/users: 404 Not Found: body never closed: its connection and two goroutines are held until the request ends; close it after the error check, draining it first: io.CopyN(io.Discard, resp.Body, 256<<10)
//	        obtained at:
//	        	example.com/client.fetch
//	        		/src/client/fetch.go:31
//	        	example.com/client.TestFetch
//	        		/src/client/fetch_test.go:15
//
// # What is reported
//
// A body never closed, with the stack of the call that obtained it (the
// frames of net/http and of the testing package are left out). This
// includes a body read to EOF but not closed: its connection went back to
// the pool when the read saw EOF, but net/http's contract says the caller
// closes every body, and code that relies on reading to the end breaks the
// day a read fails halfway.
//
// A body closed before EOF while bytes remained, with the stack of the
// Close. Whether bytes remained is decided from what the caller read,
// without reading anything on its behalf (a check that changed what the
// body does would test something else than the code under test):
//
//   - a Read returned io.EOF: nothing remained;
//   - the response has a Content-Length and that many bytes were read:
//     nothing remained;
//   - a Read failed: the transport has dropped the connection already, and
//     nothing is owed;
//   - otherwise bytes remained. For a body of unknown length (chunked, or
//     decompressed by the transport) that is not certain, since the data
//     may all have been read, but its end was not: until a Read returns
//     io.EOF the transport has not seen the terminating chunk, and up to Go
//     1.26 it closes the connection. bodycheck reports it.
//
// The verdict does not depend on the Go version. Go 1.27 and later drain
// up to 256 KiB of an unread body in the background after Close, for at
// most 50 ms, and keep the connection when that reaches EOF; a body closed
// early then costs a connection only when the rest is larger or slower than
// that. bodycheck still reports such a close, as the respbody analyzer does
// with -drain=always: the fix (a bounded drain before Close) is right on
// every version.
//
// # What is not reported
//
// Responses that have no body to read: to HEAD requests, with status 1xx
// (101 Switching Protocols hands over the connection), 204 or 304, with a
// Content-Length of 0, or whose Body is nil or http.NoBody. The transport
// gives their connection back before the caller sees them.
//
// Bodies that net/http's Client closes itself: the body of a redirect it
// follows (it drains at most 2 KiB of it), or of a response its
// CheckRedirect refused.
//
// Requests made after the test ended: the body is passed through
// unchecked, since a finished test cannot fail any more.
//
// # Concurrency
//
// A Transport may be shared by concurrent requests and by parallel
// subtests; Read and Close of different bodies, and a Close concurrent with
// a Read of the same body, are safe. The check runs in the cleanup of the
// t given to Transport, so a transport made for a parent test checks the
// bodies of its parallel subtests after they all finished.
//
// # VerifyTestMain
//
// VerifyTestMain replaces http.DefaultTransport for the duration of m.Run,
// so code that type-asserts http.DefaultTransport to *http.Transport (for
// example to Clone it) sees the wrapper instead and fails the assertion;
// give such code its own transport wrapped with Transport. Clients with a
// Transport of their own are not seen by VerifyTestMain.
package bodycheck
