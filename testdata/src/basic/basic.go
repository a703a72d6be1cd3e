package basic

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

func leakOnStatus(url string) error {
	resp, err := http.Get(url) // want `resp.Body is not closed on the path that returns at line 17: the connection and its goroutines leak; close it`
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
	resp, err := http.Get(url) // only -strict reports it (see package strict)
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
