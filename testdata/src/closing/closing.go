// Package closing checks the ways a body can be closed.
package closing

import (
	"io"
	"log"
	"net/http"
)

func deferred(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func deferredClosure(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer func() {
		if err := resp.Body.Close(); err != nil {
			log.Print(err)
		}
	}()
	io.Copy(io.Discard, resp.Body)
}

func deferredClosureDrains(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer func() {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	_ = resp.StatusCode
}

func deferredClosureUnread(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer func() { // want `closed by this deferred call before it is read to EOF`
		resp.Body.Close()
	}()
	_ = resp.StatusCode
}

// The closure is deferred before the response exists; it closes whatever
// the variable holds at exit.
func deferredBeforeSource(u string) error {
	var resp *http.Response
	defer func() {
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	var err error
	resp, err = http.Get(u)
	return err
}

func methodValue(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	f := resp.Body.Close
	io.Copy(io.Discard, resp.Body)
	defer f()
}

func methodValueUnread(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	f := resp.Body.Close
	defer f() // want `closed by this deferred call before it is read to EOF`
}

func closerVariable(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	var c io.Closer = resp.Body
	io.Copy(io.Discard, resp.Body)
	c.Close()
}

func readCloserVariable(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	var rc io.ReadCloser = resp.Body
	defer rc.Close()
	io.ReadAll(rc)
}

func closeUnread(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

func closeOnOnePath(u string, ok bool) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 126`
	if err != nil {
		return
	}
	if ok {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func closeAfterDrainOnOnePathOnly(u string, ok bool) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	if ok {
		io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

// Reading to EOF without closing breaks only the contract, which is
// reported all the same.
func readNotClosed(u string) []byte {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 147: it was read to EOF`
	if err != nil {
		return nil
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

// The drain goes through an alias the deferred closure captured.
func drainThroughAlias(u string, max int64) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	body := resp.Body
	var r io.Reader = body
	if max > 0 {
		r = io.LimitReader(body, max)
	}
	defer func() {
		io.Copy(io.Discard, r)
		resp.Body.Close()
	}()
	_ = resp.StatusCode
	return nil
}

func closeThroughAliasUnread(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	body := resp.Body
	defer func() { // want `closed by this deferred call before it is read to EOF`
		_ = body
		resp.Body.Close()
	}()
	return nil
}
