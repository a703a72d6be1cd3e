package bodycheck_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeTB records what Transport asks of a test, so that a test can check
// the failures bodycheck reports without failing itself. Methods it does
// not override panic (the embedded TB is nil): Transport must not need
// them.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

// end runs the cleanups, last registered first, as the testing package
// does when a test returns, and returns the errors reported.
func (f *fakeTB) end() []string {
	f.mu.Lock()
	cleanups := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.errors
}

// newServer serves the bodies the tests need:
//
//	/bytes/N      N bytes with a Content-Length
//	/chunked/N    N bytes, chunked (flushed halfway); with ?hold=MS the
//	              terminating chunk follows MS milliseconds after the data
//	/status/N     status N with a short body where one is allowed
//	/redirect/N   302 to /bytes/1024 with an N-byte body
func newServer(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/bytes/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := atoi(t, r.PathValue("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write([]byte(strings.Repeat("x", n)))
	})
	mux.HandleFunc("/chunked/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := atoi(t, r.PathValue("n"))
		w.Write([]byte(strings.Repeat("x", n/2)))
		w.(http.Flusher).Flush()
		w.Write([]byte(strings.Repeat("x", n-n/2)))
		if hold := r.URL.Query().Get("hold"); hold != "" {
			// All the data now, the terminating chunk later.
			w.(http.Flusher).Flush()
			time.Sleep(time.Duration(atoi(t, hold)) * time.Millisecond)
		}
	})
	mux.HandleFunc("/status/{n}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(atoi(t, r.PathValue("n")))
		w.Write([]byte("status body\n"))
	})
	mux.HandleFunc("/redirect/{n}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/bytes/1024")
		w.WriteHeader(http.StatusFound)
		w.Write([]byte(strings.Repeat("r", atoi(t, r.PathValue("n")))))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func atoi(t testing.TB, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Errorf("bad number %q in a test URL", s)
	}
	return n
}

// only returns the one error, or fails.
func only(t *testing.T, errs []string) string {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1:\n%s", len(errs), strings.Join(errs, "\n---\n"))
	}
	return errs[0]
}

// mustContain fails unless s contains every one of subs.
func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("report does not contain %q:\n%s", sub, s)
		}
	}
}

// mustNotContain fails if s contains any of subs.
func mustNotContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Errorf("report contains %q:\n%s", sub, s)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
