// Package inflight checks responses in flight: a goroutine sends a response
// on a channel that only this function can receive from; a path that
// returns without receiving it leaves its body unclosed.
package inflight

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

var errTimeout = errors.New("timeout")

func timeout(c *http.Client, u string) (*http.Response, error) {
	ch := make(chan *http.Response, 1)
	go func() { // want `the response this goroutine sends on ch is not received on the path that returns at line 29: it stays in the channel and its body is never closed`
		resp, err := c.Get(u)
		if err != nil {
			return
		}
		ch <- resp
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-time.After(time.Second):
		return nil, errTimeout
	}
}

func unbuffered(ctx context.Context, c *http.Client, u string) (*http.Response, error) {
	ch := make(chan *http.Response)
	go func() { // want `not received on the path that returns at line 45: the goroutine blocks on its send forever`
		resp, err := c.Get(u)
		if err == nil {
			ch <- resp
		}
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// goroutineCloses: the goroutine closes the body when nobody waits.
func goroutineCloses(ctx context.Context, c *http.Client, u string) (*http.Response, error) {
	ch := make(chan *http.Response)
	go func() {
		resp, err := c.Get(u)
		if err != nil {
			return
		}
		select {
		case ch <- resp:
		case <-ctx.Done():
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// alwaysReceives waits for the response on every path.
func alwaysReceives(c *http.Client, u string) int {
	ch := make(chan *http.Response, 1)
	go func() {
		resp, err := c.Get(u)
		if err != nil {
			ch <- nil
			return
		}
		ch <- resp
	}()
	resp := <-ch
	if resp == nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// fanIn: goroutines started in a loop are counted, not paired: not
// followed.
func fanIn(c *http.Client, urls []string) {
	ch := make(chan *http.Response, len(urls))
	for _, u := range urls {
		go func() {
			resp, err := c.Get(u)
			if err == nil {
				ch <- resp
			}
		}()
	}
	for range urls {
		resp := <-ch
		resp.Body.Close()
	}
}

// handedOn: the channel goes to someone else, who may receive.
func handedOn(c *http.Client, u string, consume func(<-chan *http.Response)) {
	ch := make(chan *http.Response, 1)
	go func() {
		resp, err := c.Get(u)
		if err == nil {
			ch <- resp
		}
	}()
	consume(ch)
}

func fetch(c *http.Client, u string, ch chan<- *http.Response) {
	resp, err := c.Get(u)
	if err == nil {
		ch <- resp
	}
}

// namedFunc: the goroutine is a declared function given the channel.
func namedFunc(c *http.Client, u string, d time.Duration) *http.Response {
	ch := make(chan *http.Response, 1)
	go fetch(c, u, ch) // want `the response this goroutine sends on ch is not received on the path that returns at line 136`
	select {
	case resp := <-ch:
		return resp
	case <-time.After(d):
		return nil
	}
}
