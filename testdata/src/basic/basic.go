package basic

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

func leakOnStatus(url string) error {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 17 \(when resp.StatusCode != 200\): the connection and its goroutines leak; close it after the error check, draining it first`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func good(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func decodeOnly(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return json.NewDecoder(resp.Body).Decode(v)
}

func statusOnly(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	if resp.StatusCode != 200 {
		return errors.New("bad")
	}
	return nil
}

func discarded(url string) {
	http.Get(url) // want `the response from http.Get is discarded`
}

func never(url string) {
	resp, _ := http.Get(url) // want `resp.Body is not closed`
	fmt.Println(resp.StatusCode)
}

// Read to EOF but never closed: net/http reuses the connection, but the
// contract (and the next reader of this code) wants the Close.
func readNeverClosed(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 70: it was read to EOF, so net/http's Transport already gave the connection back, but net/http's contract requires the close`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Read on one path only: the other path leaks the connection.
func readOnOnePath(url string, skip bool) ([]byte, error) {
	resp, err := http.Get(url) // want `resp.Body is not closed on the paths that return at lines 80, 82: the connection and its goroutines leak`
	if err != nil {
		return nil, err
	}
	if skip {
		return nil, nil
	}
	return io.ReadAll(resp.Body)
}

// A decode that fails gives up on the body without reaching its end: no
// drain is owed, but the connection is still held.
func decodeFails(url string, v any) error {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 93: the connection and its goroutines leak`
	if err != nil {
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// A deferred close names the returns where it runs unread, and the status
// check that leads there.
func deferredOnStatus(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF on the path that returns at line 109 \(when resp.StatusCode != 200\): the connection cannot be reused and the next request dials a new one; drain it first: _, _ = io.CopyN\(io.Discard, resp.Body, 256<<10\)`
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func closedOnStatus(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		resp.Body.Close() // want `resp.Body is closed before it is read to EOF when resp.StatusCode >= 400:`
		return fmt.Errorf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// In a loop, the advice is to close before the loop goes on, not to defer.
func inLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `close it before the loop goes on, draining it first: _, _ = io.CopyN\(io.Discard, resp.Body, 256<<10\); resp.Body.Close\(\)`
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func must(resp *http.Response, err error) *http.Response {
	if err != nil {
		panic(err)
	}
	return resp
}

// A response with no name gets no advice that names one.
func unnamed(url string) int {
	return must(http.Get(url)).StatusCode // want `the body of the response from http.Get is not closed on the path that returns at line 153: the connection and its goroutines leak; close its body`
}
