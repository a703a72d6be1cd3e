// Package strict checks -strict: a body never closed that holds nothing at
// all is reported too: on a path where the response has no body (204, 304,
// Content-Length 0: net/http's http.NoBody, whose Close does nothing), or
// read by http.ReadResponse off a connection the caller manages. Every
// other body never closed is reported with or without -strict.
package strict

import (
	"bufio"
	"io"
	"net/http"
)

func notModified(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 20 \(when resp.StatusCode == 304\): it holds no pooled connection, but net/http's contract requires the close`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified {
		return nil, nil
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func emptyBody(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 32: it holds no pooled connection`
	if err != nil {
		return 0, err
	}
	if resp.ContentLength == 0 {
		return resp.StatusCode, nil
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// Reported with or without -strict.
func readNeverClosed(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 45: it was read to EOF, so net/http's Transport already gave the connection back`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Reported with -strict only.
func readResponse(br *bufio.Reader) {
	resp, err := http.ReadResponse(br, nil) // want `resp.Body is not closed on the path that returns at line 55: it holds no pooled connection`
	if err != nil {
		return
	}
	_ = resp
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
