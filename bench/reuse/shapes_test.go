package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// The functions of the analyzer's fix tests (testdata/src/fixes,
// fixesnever, fixesnoio) that get a fix, as they are before respbody -fix
// and after it (the .golden files; "Fixed" names the fixed one). Where the
// testdata calls http.Get(u), these call c.Get(u) on the test's client;
// nothing else differs, as TestShapesMatchTestdata checks.
//
// The unfixed ones are wrong on purpose: respbody reports each of them (the
// lines marked "respbody:"; scripts/test-deliberate-findings.sh checks that
// it reports those lines and no others).

// fixes.go: leakOnStatus.

func fixesLeakOnStatus(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

func fixesLeakOnStatusFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// fixes.go: leakBody, with a fetchBody that calls get (the testdata's
// ignores get and calls http.Get, which is why respbody reports the
// testdata's leakBody and not this one, whose body comes from a function
// value).

func fixesLeakBody(get func() (io.ReadCloser, error)) error {
	body, err := fetchBody(get)
	if err != nil {
		return err
	}
	var b [8]byte
	_, err = body.Read(b[:])
	return err
}

func fixesLeakBodyFixed(get func() (io.ReadCloser, error)) error {
	body, err := fetchBody(get)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(body)
	var b [8]byte
	_, err = body.Read(b[:])
	return err
}

func fetchBody(get func() (io.ReadCloser, error)) (io.ReadCloser, error) {
	return get()
}

// fixes.go: deferredClose.

func fixesDeferredClose(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close() // respbody: undrained
	return resp.StatusCode, nil
}

func fixesDeferredCloseFixed(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	return resp.StatusCode, nil
}

// fixes.go: explicitClose, assignedClose, ifClose.

func fixesExplicitClose(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close() // respbody: undrained
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func fixesExplicitCloseFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func fixesAssignedClose(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	err = resp.Body.Close() // respbody: undrained
	return err
}

func fixesAssignedCloseFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	err = resp.Body.Close()
	return err
}

func fixesIfClose(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	if err := resp.Body.Close(); err != nil { // respbody: undrained
		return err
	}
	return nil
}

func fixesIfCloseFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	if err := resp.Body.Close(); err != nil {
		return err
	}
	return nil
}

// fixes.go: inSwitch, closeInLoop.

func fixesInSwitch(c *http.Client, u string, mode int) {
	resp, err := c.Get(u)
	if err != nil {
		return
	}
	switch mode {
	case 1:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	default:
		resp.Body.Close() // respbody: undrained
	}
}

func fixesInSwitchFixed(c *http.Client, u string, mode int) {
	resp, err := c.Get(u)
	if err != nil {
		return
	}
	switch mode {
	case 1:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	default:
		_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
		resp.Body.Close()
	}
}

func fixesCloseInLoop(c *http.Client, urls []string) {
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close() // respbody: undrained
	}
}

func fixesCloseInLoopFixed(c *http.Client, urls []string) {
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
		resp.Body.Close()
	}
}

// fixes.go: leakAndUnread, leakAndLateDefer: one fix for a body that leaks
// on one path and is closed unread on the other.

func fixesLeakAndUnread(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	resp.Body.Close() // respbody: undrained
	return nil
}

func fixesLeakAndUnreadFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func fixesLeakAndLateDefer(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	defer resp.Body.Close() // respbody: undrained
	return nil
}

func fixesLeakAndLateDeferFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// never.go (-drain=never): the fix for a leak is a plain deferred close.

func neverLeak(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func neverLeakFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // respbody: undrained (checked with -drain=never, it is not reported)
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

// noio.go, single.go: fixes in files that lack io (renamed.go: see
// renamed_test.go).

func noioDeferred(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // respbody: undrained
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func noioDeferredFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func noioLeak(c *http.Client, u string) error {
	resp, err := c.Get(u) // respbody: unclosed
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func noioLeakFixed(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer func(body io.ReadCloser) {
		_, _ = io.CopyN(io.Discard, body, 256<<10)
		_ = body.Close()
	}(resp.Body)
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

func noioSingle(c *http.Client, u string) {
	resp, err := c.Get(u)
	if err != nil {
		return
	}
	resp.Body.Close() // respbody: undrained
}

func noioSingleFixed(c *http.Client, u string) {
	resp, err := c.Get(u)
	if err != nil {
		return
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
	resp.Body.Close()
}
