// Package fixes checks the suggested fixes, in a file that imports io.
package fixes

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

func leakOnStatus(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

func leakBody(get func() (io.ReadCloser, error)) error {
	body, err := fetchBody(get) // want `body is not closed`
	if err != nil {
		return err
	}
	var b [8]byte
	_, err = body.Read(b[:])
	return err
}

func fetchBody(get func() (io.ReadCloser, error)) (io.ReadCloser, error) {
	resp, err := http.Get("u")
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func deferredClose(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close() // want `closed by this deferred call before it is read to EOF`
	return resp.StatusCode, nil
}

func explicitClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close() // want `closed before it is read to EOF`
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func assignedClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	err = resp.Body.Close() // want `closed before it is read to EOF`
	return err
}

func ifClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if err := resp.Body.Close(); err != nil { // want `closed before it is read to EOF`
		return err
	}
	return nil
}

func inSwitch(u string, mode int) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	switch mode {
	case 1:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	default:
		resp.Body.Close() // want `closed before it is read to EOF`
	}
}

// No fix: a defer in a loop would pile up until the function returns.
func inLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed`
		if err != nil {
			return
		}
		_ = resp.StatusCode
		return
	}
}

// No fix: the response is returned on one path, so a deferred close would
// close what the caller owns.
func handedOff(u string) (*http.Response, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, errors.New("not found")
	}
	return resp, nil
}

// No fix: the error is not checked right after the call.
func noCheck(u string) {
	resp, _ := http.Get(u) // want `resp.Body is not closed`
	fmt.Println(resp.Status)
}

func closeQuietly(c io.Closer) { c.Close() }

// No fix for closes by helpers and deferred closures.
func helpers(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeQuietly(resp.Body) // want `closed by closeQuietly before it is read to EOF`
}

func deferredClosure(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer func() { // want `closed by this deferred call before it is read to EOF`
		resp.Body.Close()
	}()
}

// No fix where a local io hides the imported package.
func shadowedImport(u string) {
	io := 3
	_ = io
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Body.Close() // want `closed before it is read to EOF`
}

// A close in a loop gets the drain just before it.
func closeInLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close() // want `closed before it is read to EOF`
	}
}

// A body that leaks on one path and is closed unread on another gets one
// fix: the deferred drain-and-close takes the place of the close.
func leakAndUnread(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	resp.Body.Close() // want `closed before it is read to EOF`
	return nil
}

// The same with a deferred close registered too late.
func leakAndLateDefer(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	defer resp.Body.Close() // want `closed by this deferred call before it is read to EOF`
	return nil
}
