package bodycheck_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respbody/respbody/bodycheck"
)

// get sends a GET through a client whose transport reports to ft.
func get(t *testing.T, ft *fakeTB, url string) *http.Response {
	t.Helper()
	c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestNeverClosed(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/bytes/1024")
	_ = resp.StatusCode
	msg := only(t, ft.end())
	mustContain(t, msg,
		"bodycheck: GET "+srv.URL+"/bytes/1024: 200 OK: body never closed",
		"obtained at:\n\tgithub.com/respbody/respbody/bodycheck_test.get\n",
		"bodycheck_test.go:",
		"bodycheck_test.TestNeverClosed\n",
		"io.CopyN(io.Discard, resp.Body, 256<<10)")
	// The stack is trimmed to the code under test.
	mustNotContain(t, msg, "net/http.", "testing.tRunner", "runtime.", "bodycheck.(*transport)")
	resp.Body.Close() // respbody: undrained
}

func TestClosedUnread(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/bytes/1024")
	resp.Body.Close() // respbody: undrained
	msg := only(t, ft.end())
	mustContain(t, msg,
		": 200 OK: body closed after 0 of 1024 bytes: its connection cannot go back to the pool",
		"drain it before closing: io.CopyN(io.Discard, resp.Body, 256<<10)",
		"closed at:\n\tgithub.com/respbody/respbody/bodycheck_test.TestClosedUnread\n",
		// One frame of where it was obtained.
		"obtained at:\n\tgithub.com/respbody/respbody/bodycheck_test.get\n")
	mustNotContain(t, msg, "bodycheck.(*body).Close", "testing.tRunner")
}

func TestClosedPartlyRead(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/bytes/1024")
	if _, err := io.ReadFull(resp.Body, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // respbody: undrained
	mustContain(t, only(t, ft.end()), "body closed after 10 of 1024 bytes")
}

// A chunked body read up to its last data byte may still hold its
// terminating chunk: only EOF says it was read to the end. (When the
// terminator is already buffered, the last Read returns EOF with the data,
// and that body is clean: see TestReadToEOFAndClosed.)
func TestClosedChunkedBeforeEOF(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/chunked/2048?hold=100")
	if resp.ContentLength != -1 {
		t.Fatalf("ContentLength = %d, want a chunked body", resp.ContentLength)
	}
	if _, err := io.ReadFull(resp.Body, make([]byte, 2048)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // respbody: undrained
	mustContain(t, only(t, ft.end()), "body closed after 2048 bytes, before EOF (its length is unknown)")
}

func TestReadToEOFNotClosed(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/chunked/2048")
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	msg := only(t, ft.end())
	mustContain(t, msg,
		"body read to EOF (2048 bytes) but never closed",
		"obtained at:\n\tgithub.com/respbody/respbody/bodycheck_test.get\n")
	resp.Body.Close()
}

func TestReadToEOFAndClosed(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{"/bytes/1024", "/chunked/2048", "/bytes/300000"} {
		ft := &fakeTB{}
		resp := get(t, ft, srv.URL+path)
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if errs := ft.end(); len(errs) != 0 {
			t.Errorf("%s: read to EOF and closed, got %q", path, errs)
		}
	}
}

// Reading exactly Content-Length bytes leaves nothing, even without a Read
// that returns EOF.
func TestReadContentLengthAndClosed(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/bytes/1024")
	if _, err := io.ReadFull(resp.Body, make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // respbody: undrained (it does not credit io.ReadFull)
	if errs := ft.end(); len(errs) != 0 {
		t.Errorf("got %q", errs)
	}
}

// The bounded drain respbody writes is enough for a body under its bound,
// and is reported for one over it: bytes remained.
func TestBoundedDrain(t *testing.T) {
	srv := newServer(t)
	drainAndClose := func(path string) []string {
		ft := &fakeTB{}
		resp := get(t, ft, srv.URL+path)
		_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
		resp.Body.Close()
		return ft.end()
	}
	if errs := drainAndClose("/bytes/1024"); len(errs) != 0 {
		t.Errorf("small body: got %q", errs)
	}
	if errs := drainAndClose("/chunked/2048"); len(errs) != 0 {
		t.Errorf("small chunked body: got %q", errs)
	}
	mustContain(t, only(t, drainAndClose("/bytes/300000")), "body closed after 262144 of 300000 bytes")
}

func TestNoBody(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		name, method, path string
	}{
		{"HEAD", http.MethodHead, "/bytes/1024"},
		{"204", http.MethodGet, "/status/204"},
		{"304", http.MethodGet, "/status/304"},
		{"Content-Length 0", http.MethodGet, "/bytes/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ft := &fakeTB{}
			c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Do(req) // respbody: unclosed
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.StatusCode // neither read nor closed
			if errs := ft.end(); len(errs) != 0 {
				t.Errorf("got %q", errs)
			}
		})
	}
}

// The rules for no body hold for any base transport, not only for the
// responses net/http's transport already gives http.NoBody: each case here
// comes with a real body, left unclosed.
func TestNoBodyFromBase(t *testing.T) {
	for _, tc := range []struct {
		name          string
		method        string
		status        int
		body          io.ReadCloser
		contentLength int64
		reported      bool
	}{
		{"NoBody", "GET", 200, http.NoBody, -1, false},
		{"nil", "GET", 200, nil, -1, false},
		{"HEAD", "HEAD", 200, body("x"), 1, false},
		{"101", "GET", 101, body("x"), -1, false},
		{"204", "GET", 204, body("x"), -1, false},
		{"304", "GET", 304, body("x"), -1, false},
		{"Content-Length 0", "GET", 200, body(""), 0, false},
		{"control: 200 with a body", "GET", 200, body("x"), 1, true},
		{"control: unknown length", "GET", 200, body(""), -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ft := &fakeTB{}
			base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
				return &http.Response{
					StatusCode: tc.status, Status: http.StatusText(tc.status),
					Body: tc.body, ContentLength: tc.contentLength, Request: req,
				}, nil
			})
			req, err := http.NewRequest(tc.method, "http://example.invalid/", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := bodycheck.Transport(ft, base).RoundTrip(req) // respbody: unclosed
			if err != nil {
				t.Fatal(err)
			}
			if !tc.reported && resp.Body != tc.body {
				t.Errorf("Body = %T, want the base's body passed through", resp.Body)
			}
			errs := ft.end()
			if reported := len(errs) > 0; reported != tc.reported {
				t.Errorf("reported = %v, want %v: %q", reported, tc.reported, errs)
			}
		})
	}
}

func body(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

// A non-2xx response with a body is watched like any other.
func TestErrorStatusBody(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/status/500")
	resp.Body.Close() // respbody: undrained
	mustContain(t, only(t, ft.end()), "500 Internal Server Error: body closed after 0 of 12 bytes")
}

// net/http's Client drains at most 2 KiB of a redirect it follows and
// closes it: that is not the caller's close.
func TestRedirectClosedByClient(t *testing.T) {
	srv := newServer(t)
	for _, n := range []int{100, 3000} {
		ft := &fakeTB{}
		resp := get(t, ft, srv.URL+"/redirect/"+itoa(n))
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if errs := ft.end(); len(errs) != 0 {
			t.Errorf("redirect body of %d bytes: got %q", n, errs)
		}
	}
}

// The same redirect through a client with a Timeout, whose body wrapper
// stands between the Client and ours.
func TestRedirectClosedByClientWithTimeout(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{Transport: bodycheck.Transport(ft, nil), Timeout: 10 * time.Second}
	resp, err := c.Get(srv.URL + "/redirect/3000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if errs := ft.end(); len(errs) != 0 {
		t.Errorf("got %q", errs)
	}
}

// A redirect the client's CheckRedirect refuses: the Client closes the
// body before it returns the response with its error.
func TestRedirectRefused(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{
		Transport:     bodycheck.Transport(ft, nil),
		CheckRedirect: func(*http.Request, []*http.Request) error { return errors.New("no redirects") },
	}
	resp, err := c.Get(srv.URL + "/redirect/3000")
	if err == nil || resp == nil {
		t.Fatalf("Get = %v, %v; want the redirect response and an error", resp, err)
	}
	if errs := ft.end(); len(errs) != 0 {
		t.Errorf("got %q", errs)
	}
}

// A body whose read failed has lost its connection already: closing it
// owes nothing.
func TestReadFailed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
			return
		}
		// Promise 1000 bytes, send 10, hang up.
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")
	}()
	ft := &fakeTB{}
	resp := get(t, ft, "http://"+ln.Addr().String()+"/")
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Fatal("read of a cut body did not fail")
	}
	resp.Body.Close()
	if errs := ft.end(); len(errs) != 0 {
		t.Errorf("got %q", errs)
	}
}

// Only the first Close counts; a second one neither adds a finding nor
// takes one back.
func TestDoubleClose(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	resp := get(t, ft, srv.URL+"/bytes/1024")
	resp.Body.Close() // respbody: undrained
	resp.Body.Close()
	mustContain(t, only(t, ft.end()), "body closed after 0 of 1024 bytes")
}

// Bodies obtained after the test ended are not watched, and closing
// earlier ones then does not report (a finished test cannot fail).
func TestAfterEnd(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
	early, err := c.Get(srv.URL + "/bytes/10")
	if err != nil {
		t.Fatal(err)
	}
	errs := ft.end()
	mustContain(t, only(t, errs), "body never closed")
	early.Body.Close() // respbody: undrained
	late, err := c.Get(srv.URL + "/bytes/10")
	if err != nil {
		t.Fatal(err)
	}
	late.Body.Close() // respbody: undrained
	if len(ft.errors) != 1 {
		t.Errorf("errors after the end: %q", ft.errors[1:])
	}
}

// The report lists bodies in the order they were obtained.
func TestOrder(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
	var resps []*http.Response
	for _, path := range []string{"/bytes/1", "/bytes/2", "/bytes/3"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resps = append(resps, resp)
	}
	resps[1].Body.Close() // closed early, recorded first
	errs := ft.end()
	if len(errs) != 3 {
		t.Fatalf("got %d errors, want 3: %q", len(errs), errs)
	}
	for i, want := range []string{"/bytes/1: 200 OK: body never closed", "/bytes/2: 200 OK: body closed", "/bytes/3: 200 OK: body never closed"} {
		mustContain(t, errs[i], want)
	}
	for _, r := range resps {
		r.Body.Close()
	}
}

// Concurrent requests through one transport, each goroutine doing one of
// four things: every wrong body is reported once, and -race is quiet.
func TestConcurrentRequests(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var leaked []*http.Response
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Get(srv.URL + "/chunked/4096") // respbody: unclosed
			if err != nil {
				t.Error(err)
				return
			}
			switch i % 4 {
			case 0: // clean
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			case 1: // closed unread
				resp.Body.Close() // respbody: undrained
			case 2: // never closed
				mu.Lock()
				leaked = append(leaked, resp)
				mu.Unlock()
			case 3: // closed from another goroutine while read
				done := make(chan struct{})
				go func() {
					defer close(done)
					io.Copy(io.Discard, resp.Body)
				}()
				resp.Body.Close()
				<-done
			}
		}()
	}
	wg.Wait()
	count := map[string]int{}
	for _, e := range ft.end() {
		switch {
		case strings.Contains(e, "body never closed"):
			count["never"]++
		case strings.Contains(e, "body closed after"):
			count["early"]++
		default:
			t.Errorf("unexpected report: %s", e)
		}
	}
	if count["never"] != n/4 {
		t.Errorf("never closed: %d reports, want %d", count["never"], n/4)
	}
	// Case 3 races its read against its close: either may come first.
	if count["early"] < n/4 || count["early"] > n/2 {
		t.Errorf("closed early: %d reports, want %d to %d", count["early"], n/4, n/2)
	}
	for _, r := range leaked {
		r.Body.Close()
	}
}

// One transport shared by parallel subtests of a test: the check runs
// when the parent's cleanup does, after every subtest.
func TestParallelSubtestsSharedTransport(t *testing.T) {
	srv := newServer(t)
	ft := &fakeTB{}
	c := &http.Client{Transport: bodycheck.Transport(ft, nil)}
	var mu sync.Mutex
	var leaked []*http.Response
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run(itoa(i), func(t *testing.T) {
				t.Parallel()
				resp, err := c.Get(srv.URL + "/bytes/2048")
				if err != nil {
					t.Fatal(err)
				}
				if i%2 == 0 {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					return
				}
				mu.Lock()
				leaked = append(leaked, resp)
				mu.Unlock()
			})
		}
	})
	errs := ft.end()
	if len(errs) != 4 {
		t.Errorf("got %d reports, want 4: %q", len(errs), errs)
	}
	for _, r := range leaked {
		r.Body.Close()
	}
}

// Dogfood: parallel subtests with a transport each, on real tests, doing
// everything right. A false report fails this test.
func TestParallelSubtestsClean(t *testing.T) {
	srv := newServer(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	for i := range 8 {
		t.Run(itoa(i), func(t *testing.T) {
			t.Parallel()
			c := &http.Client{Transport: bodycheck.Transport(t, base)}
			for _, path := range []string{"/bytes/100", "/chunked/5000", "/status/204", "/redirect/3000"} {
				resp, err := c.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			resp, err := c.Head(srv.URL + "/bytes/100")
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Header
		})
	}
}

func TestCloseIdleConnectionsForwarded(t *testing.T) {
	var closed bool
	base := &idleCloser{RoundTripper: http.DefaultTransport, close: func() { closed = true }}
	c := &http.Client{Transport: bodycheck.Transport(&fakeTB{}, base)}
	c.CloseIdleConnections()
	if !closed {
		t.Error("CloseIdleConnections did not reach the base transport")
	}
}

type idleCloser struct {
	http.RoundTripper
	close func()
}

func (c *idleCloser) CloseIdleConnections() { c.close() }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
