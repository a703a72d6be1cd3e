package main

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// server is an HTTP/1.1 server on 127.0.0.1 that counts the TCP
// connections it accepts. Its one handler serves the bodies the patterns
// need, as query parameters say:
//
//	n=BYTES     body size (default 1024): a JSON value and a newline, as
//	            json.Encoder writes it
//	status=N    status code (default 200); 204 and 304 get no body
//	chunked=K   no Content-Length: K pieces, each flushed
//	hold=MS     Content-Length, the first half now, the rest MS ms later
//	tail=MS     the final newline MS ms after the rest, in a write of its own
type server struct {
	URL     string
	accepts atomic.Int64
	srv     *http.Server
}

// startServer starts a server on a free loopback port.
func startServer() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{URL: "http://" + ln.Addr().String()}
	s.srv = &http.Server{Handler: http.HandlerFunc(serveBody), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(&countingListener{Listener: ln, n: &s.accepts})
	return s, nil
}

// Close closes the listener and every connection, idle or held.
func (s *server) Close() error { return s.srv.Close() }

// Accepts returns the number of connections accepted so far.
func (s *server) Accepts() int64 { return s.accepts.Load() }

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// body describes the response body a request asks the server for.
type body struct {
	n       int // bytes, the trailing newline included
	status  int
	chunked int           // pieces, flushed one by one; 0: Content-Length
	hold    time.Duration // Content-Length, the second half after hold
	tail    time.Duration // the final newline this long after the rest
}

// query returns the path and query that ask the server for b.
func (b body) query() string {
	v := url.Values{}
	v.Set("n", strconv.Itoa(b.n))
	if b.status != 0 {
		v.Set("status", strconv.Itoa(b.status))
	}
	if b.chunked > 0 {
		v.Set("chunked", strconv.Itoa(b.chunked))
	}
	if b.hold > 0 {
		v.Set("hold", strconv.Itoa(int(b.hold/time.Millisecond)))
	}
	if b.tail > 0 {
		v.Set("tail", strconv.Itoa(int(b.tail/time.Millisecond)))
	}
	return "/?" + v.Encode()
}

func serveBody(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	num := func(name string, def int) int {
		if n, err := strconv.Atoi(q.Get(name)); err == nil {
			return n
		}
		return def
	}
	b := body{
		n:       num("n", 1024),
		status:  num("status", http.StatusOK),
		chunked: num("chunked", 0),
		hold:    time.Duration(num("hold", 0)) * time.Millisecond,
		tail:    time.Duration(num("tail", 0)) * time.Millisecond,
	}
	if b.status == http.StatusNoContent || b.status == http.StatusNotModified {
		w.WriteHeader(b.status)
		return
	}
	data := jsonBody(b.n)
	var newline []byte
	if b.tail > 0 {
		data, newline = data[:len(data)-1], data[len(data)-1:]
	}
	flush := func() { w.(http.Flusher).Flush() }
	write := func(p []byte) bool {
		_, err := w.Write(p)
		return err == nil
	}
	if b.chunked == 0 {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)+len(newline)))
	}
	w.WriteHeader(b.status)
	switch {
	case b.chunked > 0:
		size := (len(data) + b.chunked - 1) / b.chunked
		for len(data) > 0 {
			k := min(size, len(data))
			if !write(data[:k]) {
				return
			}
			flush()
			data = data[k:]
		}
	case b.hold > 0:
		half := len(data) / 2
		if !write(data[:half]) {
			return
		}
		flush()
		time.Sleep(b.hold)
		if !write(data[half:]) {
			return
		}
	default:
		if !write(data) {
			return
		}
	}
	if newline != nil {
		flush()
		time.Sleep(b.tail)
		write(newline)
	}
}

// jsonBody returns n bytes that json.Encoder could have written: one
// object and a newline.
func jsonBody(n int) []byte {
	const frame = len(`{"data":""}` + "\n")
	return []byte(`{"data":"` + strings.Repeat("x", max(n-frame, 0)) + `"}` + "\n")
}
