// Package neverclosed checks that every body never closed is reported,
// whatever was read of it, with what that costs: read to EOF, read up to
// a bound (not EOF), read in part, or whose read failed. A bounded read
// into io.Discard is still a deliberate drain before a close.
package neverclosed

import (
	"bufio"
	"io"
	"net/http"
	"strings"

	"neverclosedlib"
)

func boundedReadAll(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 21: it was read only up to a bound, not to EOF, so a longer body keeps the connection and its goroutines until it is closed`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

func boundedCopyN(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 30: it was read only up to a bound, not to EOF`
	if err != nil {
		return err
	}
	_, err = io.CopyN(io.Discard, resp.Body, 64<<10)
	return err
}

func copyNToWriter(u string, w io.Writer) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 39: the connection and its goroutines leak`
	if err != nil {
		return err
	}
	_, err = io.CopyN(w, resp.Body, 512)
	return err
}

func readFull(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 49: the connection and its goroutines leak`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	_, err = io.ReadFull(resp.Body, buf)
	return buf, err
}

func readAtLeast(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 59: the connection and its goroutines leak`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 16)
	_, err = io.ReadAtLeast(resp.Body, buf, 4)
	return buf, err
}

func scannerOverLimit(u string) int {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 72: it was read only up to a bound, not to EOF`
	if err != nil {
		return 0
	}
	n := 0
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 1<<20))
	for sc.Scan() {
		n++
	}
	return n
}

// A read that fails owes no drain, but it may leave the connection held
// (a decoding error of the transparent gzip does not end it).
func readFails(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 84: a failed read of it may leave the connection held until it is closed`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return b, nil
}

// A helper in another package drains up to a bound, or reads to EOF.
func helperBounded(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 97: it was read only up to a bound, not to EOF`
	if err != nil {
		return
	}
	neverclosedlib.DrainBounded(resp.Body)
}

func helperLimited(u string) []byte {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 104: it was read only up to a bound, not to EOF`
	if err != nil {
		return nil
	}
	return neverclosedlib.ReadLimited(resp.Body)
}

func helperReadAll(u string) []byte {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 112: it was read to EOF, so net/http's Transport already gave the connection back, but net/http's contract requires the close`
	if err != nil {
		return nil
	}
	return neverclosedlib.ReadAll(resp.Body)
}

// A response a helper returns read to EOF still owes its close.
func fetched(c *http.Client, u string) ([]byte, error) {
	resp, b, err := neverclosedlib.Fetch(c, u) // want `resp.Body is not closed on the path that returns at line 122: it was read to EOF`
	if err != nil {
		return nil, err
	}
	_ = resp.Header
	return b, nil
}

// A transport built here and dropped keeps its idle connections.
func droppedTransport(req *http.Request) ([]byte, error) {
	c := &http.Client{Transport: &http.Transport{}}
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 132: it was read to EOF, so net/http's Transport already gave the connection back, but net/http's contract requires the close, and other RoundTrippers may hold resources until it; the transport this function builds and drops keeps its idle connections, and their goroutines, until the server closes them`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Negative cases: a bounded drain into io.Discard before the close is a
// deliberate drain, not an undrained close; closed bodies owe nothing.

func boundedDrainThenClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	return resp.Body.Close()
}

func limitReaderDrainThenClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return err
}

func helperBoundedThenClose(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	neverclosedlib.DrainBounded(resp.Body)
	resp.Body.Close()
}

func fetchedClosed(c *http.Client, u string) ([]byte, error) {
	resp, b, err := neverclosedlib.FetchClosed(c, u)
	if err != nil {
		return nil, err
	}
	_ = resp.Header
	return b, nil
}

func fetchedThenClosed(c *http.Client, u string) ([]byte, error) {
	resp, b, err := neverclosedlib.Fetch(c, u)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return b, nil
}

func readFailsThenClose(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// http.MaxBytesReader fails a read past its bound rather than stopping at
// it: read without error, the body reached EOF; a failed read may hold the
// connection. Closing the reader closes the body.
func maxBytes(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the paths that return at lines 203, 205: where a read of it failed, the connection may stay held until it is closed .*; where it was read to EOF, net/http.s contract still requires the close`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return b, nil
}

func maxBytesClosed(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	rc := http.MaxBytesReader(nil, resp.Body, 1<<20)
	defer rc.Close()
	return io.ReadAll(rc)
}

// Replacing a body read to EOF without closing it leaves it never closed.
func replacedAfterRead(u string) (*http.Response, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed before resp.Body is overwritten at line 229: it was read to EOF`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return resp, nil
}

func replacedAfterClose(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return resp, nil
}
