// Package handoff checks that a response whose ownership moves elsewhere is
// not reported, and that reading is not a hand-off.
package handoff

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

func returned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func returnedBody(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Result keeps a response for its caller.
type Result struct {
	Resp *http.Response
}

func inStruct(u string) (*Result, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return &Result{Resp: resp}, nil
}

func asInterface(u string) (any, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

var last *http.Response

func global(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	last = resp
}

type client struct {
	resp  *http.Response
	cache map[string]*http.Response
	all   []*http.Response
	ch    chan *http.Response
	body  io.ReadCloser
}

func (c *client) field(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.resp = resp
}

func (c *client) bodyField(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.body = resp.Body
}

func (c *client) mapValue(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.cache[u] = resp
}

func (c *client) sliceElem(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.all = append(c.all, resp)
}

func (c *client) channel(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.ch <- resp
}

// A select hands the response off on the case that sends it only.
func (c *client) selectSend(u string, done chan struct{}) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	select {
	case c.ch <- resp:
	case <-done:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func (c *client) selectSendLeaks(u string, done chan struct{}) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 130`
	if err != nil {
		return err
	}
	select {
	case c.ch <- resp:
		return nil
	case <-done:
		return errors.New("canceled")
	}
}

func (c *client) selectOneCase(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	select {
	case c.ch <- resp:
	}
}

func goroutine(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	go func() {
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}()
}

func goroutineArg(u string, consume func(*http.Response)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	go consume(resp)
}

func escapingClosure(u string, register func(func())) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	register(func() { resp.Body.Close() })
}

func keptByFunction(u string, keep func(*http.Response)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	keep(resp)
}

func bodyToReadCloserParam(u string, keep func(io.ReadCloser)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	keep(resp.Body)
}

// A body passed as an io.Reader is read, not handed off.
func readerIsNotHandoff(u string, consume func(io.Reader)) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	consume(resp.Body)
}

// Read to EOF and not closed: the connection is back in the pool, and the
// close is still owed.
func readIntoBuffer(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 205: it was read to EOF`
	if err != nil {
		return
	}
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
}

// Copying the response into the caller's and clearing the local body hands
// it off.
func copyOut(u string, out *http.Response) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	*out = *resp
	resp.Body = nil
	return nil
}

// Clearing the body without handing it off leaks it.
func clearOnly(u string) (int, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed before resp.Body is overwritten at line 226`
	if err != nil {
		return 0, err
	}
	code := resp.StatusCode
	resp.Body = nil
	return code, nil
}
