package main

import (
	"context"
	"fmt"
	"go/version"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respbody/respbody/bodycheck"
)

// Every fix respbody writes restores connection reuse where the code it
// fixes loses the connection: each shape of shapes_test.go runs against a
// loopback server, then a well-behaved probe request follows on the same
// client, and the server counts the TCP connections. One connection: the
// probe reused the first. Two: the first was lost (or is still held).
//
// The server's answer is the one where the unfixed shape goes wrong:
//
//   - unclosed: a fast 1 KiB body (with status 500 where the shape leaks
//     on a failed status). The body is held, so the probe dials, on every
//     Go version.
//   - undrained: a 1 KiB body whose second half comes 150 ms after the
//     first. Up to Go 1.26 a Close before EOF drops the connection; Go 1.27
//     drains an unread body after Close for at most 50 ms, so a slow body
//     is what it cannot save. The fix drains it, waiting for the rest.
//
// bodycheck watches every response: it must find nothing wrong in the
// fixed shapes (they run under the subtest's own t) and find the problem
// the analyzer reports in the unfixed ones (they run under a fake t).

// fastBody and slowBody are the server's answers for the two problems.
var (
	fastBody = body{n: 1 << 10}
	slowBody = body{n: 1 << 10, hold: 150 * time.Millisecond}
)

// shape is a function of shapes_test.go, unfixed or fixed, called with the
// test's client and the URL of the answer to ask for.
type shape func(c *http.Client, u string)

// fixCase is one function of the fix tests, before and after its fix.
type fixCase struct {
	name           string // testdata package.function
	unfixed, fixed shape
	body           body   // the answer on which the unfixed shape goes wrong
	problem        string // what bodycheck reports for the unfixed shape
	plainClose     bool   // the fix closes without draining (-drain=never)
}

const (
	neverClosed = "body never closed"
	closedEarly = "body closed after"
)

func status(b body, code int) body { b.status = code; return b }

func fixCases() []fixCase {
	get := func(f func(*http.Client, string) error) shape {
		return func(c *http.Client, u string) { _ = f(c, u) }
	}
	do := func(f func(*http.Client, *http.Request) (int, error)) shape {
		return func(c *http.Client, u string) {
			req, err := http.NewRequest(http.MethodGet, u, nil)
			if err == nil {
				_, _ = f(c, req)
			}
		}
	}
	viaGetter := func(f func(func() (io.ReadCloser, error)) error) shape {
		return func(c *http.Client, u string) {
			_ = f(func() (io.ReadCloser, error) {
				resp, err := c.Get(u)
				if err != nil {
					return nil, err
				}
				return resp.Body, nil
			})
		}
	}
	inSwitch := func(f func(*http.Client, string, int)) shape {
		return func(c *http.Client, u string) { f(c, u, 0) }
	}
	inLoop := func(f func(*http.Client, []string)) shape {
		return func(c *http.Client, u string) { f(c, []string{u}) }
	}
	readAll := func(f func(*http.Client, string) ([]byte, error)) shape {
		return func(c *http.Client, u string) { _, _ = f(c, u) }
	}
	noResult := func(f func(*http.Client, string)) shape { return f }
	failed := status(fastBody, http.StatusInternalServerError)

	return []fixCase{
		{"fixes.leakOnStatus", get(fixesLeakOnStatus), get(fixesLeakOnStatusFixed), failed, neverClosed, false},
		{"fixes.leakBody", viaGetter(fixesLeakBody), viaGetter(fixesLeakBodyFixed), fastBody, neverClosed, false},
		{"fixes.deferredClose", do(fixesDeferredClose), do(fixesDeferredCloseFixed), slowBody, closedEarly, false},
		{"fixes.explicitClose", get(fixesExplicitClose), get(fixesExplicitCloseFixed), slowBody, closedEarly, false},
		{"fixes.assignedClose", get(fixesAssignedClose), get(fixesAssignedCloseFixed), slowBody, closedEarly, false},
		{"fixes.ifClose", get(fixesIfClose), get(fixesIfCloseFixed), slowBody, closedEarly, false},
		{"fixes.inSwitch", inSwitch(fixesInSwitch), inSwitch(fixesInSwitchFixed), slowBody, closedEarly, false},
		{"fixes.closeInLoop", inLoop(fixesCloseInLoop), inLoop(fixesCloseInLoopFixed), slowBody, closedEarly, false},
		{"fixes.leakAndUnread/leak", get(fixesLeakAndUnread), get(fixesLeakAndUnreadFixed), failed, neverClosed, false},
		{"fixes.leakAndUnread/unread", get(fixesLeakAndUnread), get(fixesLeakAndUnreadFixed), slowBody, closedEarly, false},
		{"fixes.leakAndLateDefer/leak", get(fixesLeakAndLateDefer), get(fixesLeakAndLateDeferFixed), failed, neverClosed, false},
		{"fixes.leakAndLateDefer/unread", get(fixesLeakAndLateDefer), get(fixesLeakAndLateDeferFixed), slowBody, closedEarly, false},
		{"fixesnever.leak", get(neverLeak), get(neverLeakFixed), failed, neverClosed, true},
		{"fixesnoio.deferred", get(noioDeferred), get(noioDeferredFixed), slowBody, closedEarly, false},
		{"fixesnoio.leak", get(noioLeak), get(noioLeakFixed), fastBody, neverClosed, false},
		{"fixesnoio.renamed", readAll(noioRenamed), readAll(noioRenamedFixed), slowBody, closedEarly, false},
		{"fixesnoio.single", noResult(noioSingle), noResult(noioSingleFixed), slowBody, closedEarly, false},
	}
}

// autoDrain reports whether this runtime drains an unread body on Close
// (Go 1.27 and later).
func autoDrain() bool { return version.Compare(runtime.Version(), "go1.27") >= 0 }

func TestFixesRestoreReuse(t *testing.T) {
	for _, fc := range fixCases() {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			t.Run("unfixed", func(t *testing.T) {
				t.Parallel()
				ft := &reportingTB{}
				reused := runShape(t, ft, fc.unfixed, fc.body, true)
				if reused {
					t.Errorf("the unfixed shape kept its connection on %s: the case does not show the problem", fc.body.query())
				}
				reports := ft.end()
				if len(reports) != 1 || !strings.Contains(reports[0], fc.problem) {
					t.Errorf("bodycheck reported %q, want one %q", reports, fc.problem)
				}
			})
			t.Run("fixed", func(t *testing.T) {
				t.Parallel()
				if !fc.plainClose {
					// bodycheck fails this subtest if the fix leaves a
					// body open or undrained.
					if !runShape(t, t, fc.fixed, fc.body, false) {
						t.Errorf("the fixed shape lost its connection on %s", fc.body.query())
					}
					return
				}
				// A plain Close keeps the connection only where the
				// runtime drains on Close; and bodycheck reports it
				// everywhere, as respbody with -drain=always does.
				ft := &reportingTB{}
				reused := runShape(t, ft, fc.fixed, fc.body, true)
				if reused != autoDrain() {
					t.Errorf("%s: the plain deferred close reused the connection: %v, want %v", runtime.Version(), reused, autoDrain())
				}
				reports := ft.end()
				if len(reports) != 1 || !strings.Contains(reports[0], closedEarly) {
					t.Errorf("bodycheck reported %q, want one %q", reports, closedEarly)
				}
			})
		})
	}
}

// The drain is bounded at 256 KiB, as Go 1.27's is: a body of that size
// keeps its connection, one byte more loses it, with the fix as without.
func TestDrainBound(t *testing.T) {
	for _, tc := range []struct {
		n      int
		reused bool
	}{
		{256 << 10, true},
		{256<<10 + 1, false},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			t.Parallel()
			ft := &reportingTB{}
			reused := runShape(t, ft, func(c *http.Client, u string) { _ = fixesExplicitCloseFixed(c, u) }, body{n: tc.n}, false)
			if reused != tc.reused {
				t.Errorf("reused = %v, want %v", reused, tc.reused)
			}
			reports := ft.end()
			if tc.reused && len(reports) != 0 || !tc.reused && len(reports) != 1 {
				t.Errorf("bodycheck reported %q", reports)
			}
		})
	}
}

// runShape runs f once against a fresh loopback server, through a client
// whose transport bodycheck watches for tb, then a probe request on the
// same client, and reports whether the probe reused f's connection. With
// settle, it first waits long enough for Go 1.27's drain after Close to
// have given the connection back or given up (it runs after Close
// returns, for at most 50 ms): without the wait, the probe would dial
// while a drain that succeeds is still running.
func runShape(t *testing.T, tb testing.TB, f shape, b body, settle bool) bool {
	t.Helper()
	srv, err := startServer()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	// Requests run in ctx, so a body f leaks lets its connection go when
	// the test is over.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tracer := &tracing{base: tr, ctx: ctx}
	c := &http.Client{Transport: bodycheck.Transport(tb, tracer)}

	f(c, srv.URL+b.query())
	if settle {
		time.Sleep(100 * time.Millisecond)
	}
	if err := readAllClose(c, srv.URL+fastBody.query()); err != nil {
		t.Fatal(err)
	}
	accepted, fresh := srv.Accepts(), tracer.fresh.Load()
	if accepted != fresh {
		// The listener and httptrace disagree only when a dial races an
		// idle connection; there is none of that here.
		t.Errorf("%d connections accepted, %d requests got a new one", accepted, fresh)
	}
	return accepted == 1
}

// reportingTB records what bodycheck reports for a shape that is wrong on
// purpose, instead of failing the test.
type reportingTB struct {
	testing.TB
	mu       sync.Mutex
	reports  []string
	cleanups []func()
}

func (r *reportingTB) Helper() {}

func (r *reportingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, fmt.Sprintf(format, args...))
}

func (r *reportingTB) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// end runs the cleanups, as the testing package would at the end of a
// test, and returns the reports.
func (r *reportingTB) end() []string {
	r.mu.Lock()
	cleanups := r.cleanups
	r.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reports
}
