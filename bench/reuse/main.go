// Command reuse measures what the response-body patterns respbody reports
// cost, and what its fixes save, on a loopback HTTP/1.1 server.
//
// For each pattern (patterns.go) and body (small, 300 KiB, chunked, slow)
// it sends a bounded number of requests through a fresh http.Transport to
// a fresh server on 127.0.0.1, and prints a markdown table row: the TCP
// connections the server accepted, the requests that got a new connection
// (httptrace GotConnInfo.Reused false), the goroutines left once idle
// connections were closed, and the requests per second. Leaked connections
// are closed with the server after each row, so the program ends by
// itself, in about 25 seconds.
//
// Run it under two toolchains to compare them:
//
//	go run ./bench/reuse
//	GOTOOLCHAIN=go1.27.3 go run ./bench/reuse
//
// bench/REUSE.md holds the tables and a reading of them.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

// size is one body column of the experiment.
type size struct {
	name string
	body body
	n    int // requests
}

// row is one measured line of the table.
type row struct {
	pattern, size string
	requests      int
	accepted      int64 // connections the server accepted
	fresh         int64 // requests whose connection was not reused
	goroutines    int   // left after idle connections were closed
	perSecond     float64
}

func main() {
	n := flag.Int("n", 200, "requests per row for the fast bodies")
	slowN := flag.Int("slow-n", 10, "requests per row for the slow body")
	flag.Parse()

	// Nothing here should take long; if something hangs, say so and stop.
	watchdog := time.AfterFunc(3*time.Minute, func() {
		fmt.Fprintln(os.Stderr, "reuse: still running after 3 minutes; giving up")
		os.Exit(2)
	})
	defer watchdog.Stop()

	sizes := []size{
		{"small (1 KiB)", body{n: 1 << 10}, *n},
		{"300 KiB", body{n: 300 << 10}, *n},
		{"chunked (64 KiB, 4 flushes)", body{n: 64 << 10, chunked: 4}, *n},
		{"slow (1 KiB, 2nd half after 100 ms)", body{n: 1 << 10, hold: 100 * time.Millisecond}, *slowN},
	}
	start := time.Now()
	fmt.Printf("Go %s, %s/%s, GOMAXPROCS=%d\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	fmt.Println("| pattern | body | requests | TCP conns accepted | new conns (Reused=false) | goroutines left | req/s | Go |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---|")
	for _, p := range patterns {
		for _, sz := range sizes {
			if p.noBody {
				sz = size{name: "none", body: body{n: 1 << 10}, n: *n}
			}
			sz.body.status = p.status
			if p.newlineLater {
				sz.body.tail = newlineDelay
			}
			r, err := measure(p, sz)
			if err != nil {
				fmt.Fprintln(os.Stderr, "reuse:", err)
				os.Exit(1)
			}
			fmt.Printf("| %s | %s | %d | %d | %d | %d | %.0f | %s |\n",
				r.pattern, r.size, r.requests, r.accepted, r.fresh, r.goroutines, r.perSecond, runtime.Version())
			if p.noBody {
				break
			}
		}
	}
	fmt.Printf("\n(%.1f s)\n", time.Since(start).Seconds())
}

// measure runs one pattern on one body against a fresh server and
// transport, and closes both before it returns.
func measure(p pattern, sz size) (row, error) {
	idle := runtime.NumGoroutine()
	srv, err := startServer()
	if err != nil {
		return row{}, err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 2}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tracer := &tracing{base: tr, ctx: ctx}
	c := &http.Client{Transport: tracer}
	base := runtime.NumGoroutine()

	t0 := time.Now()
	p.run(c, srv.URL+sz.body.query(), sz.n)
	elapsed := time.Since(t0)

	// Pooled connections are not left behind: close them, then let the
	// connections the patterns dropped wind down.
	tr.CloseIdleConnections()
	left := settle(base, 300*time.Millisecond)
	r := row{
		pattern: p.name, size: sz.name, requests: sz.n,
		accepted: srv.Accepts(), fresh: tracer.fresh.Load(),
		goroutines: left - base, perSecond: float64(sz.n) / elapsed.Seconds(),
	}

	// Now free what leaked, so the next row starts where this one did: a
	// body never closed holds its connection until its request's context
	// ends.
	cancel()
	srv.Close()
	tr.CloseIdleConnections()
	settle(idle, 2*time.Second)
	return r, nil
}

// settle waits until at most want goroutines run, or for at most d, and
// returns how many run.
func settle(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tracing counts, through httptrace, the requests that got a connection
// that was not reused. It sends every request in ctx (in place of the
// request's own context), so that canceling ctx ends what leaked.
type tracing struct {
	base  http.RoundTripper
	ctx   context.Context
	fresh atomic.Int64
}

func (t *tracing) RoundTrip(req *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if !info.Reused {
			t.fresh.Add(1)
		}
	}}
	return t.base.RoundTrip(req.WithContext(httptrace.WithClientTrace(t.ctx, trace)))
}
