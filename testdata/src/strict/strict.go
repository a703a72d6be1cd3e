// Package strict checks -strict: bodies that are never closed but hold
// nothing (read to EOF, or read off a connection the caller manages) are
// reported too, with a message that says what they cost.
package strict

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
)

func readNeverClosed(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 18: it was read to EOF, so the connection is reused, but the caller must still close it`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func readIntoBuffer(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
}

func readResponse(br *bufio.Reader) {
	resp, err := http.ReadResponse(br, nil) // want `resp.Body is not closed on the path that returns at line 36: it holds no pooled connection, but it stays open until it is closed`
	if err != nil {
		return
	}
	_ = resp
}

func limitedNeverClosed(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

// Closed, or read and closed: nothing to report even with -strict.
func closed(br *bufio.Reader) int {
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

func readAndClosed(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
