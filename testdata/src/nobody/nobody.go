// Package nobody checks responses that carry no bytes: on the edges where
// the status is 204 or 304, or the Content-Length is 0, nothing is owed but
// the close, and leaving that out holds nothing either.
package nobody

import (
	"encoding/json"
	"io"
	"net/http"
)

func noContent(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		return nil
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return json.NewDecoder(resp.Body).Decode(v)
}

func notModifiedNotClosed(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified {
		return nil, nil // the body is http.NoBody: nothing leaks
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func switchStatus(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusNotModified:
		return nil, nil
	case http.StatusOK:
		return io.ReadAll(resp.Body)
	}
	return nil, io.ErrUnexpectedEOF
}

func orChain(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode == 204 || resp.StatusCode == 304 {
		resp.Body.Close()
		return nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

func notEqual(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	var b []byte
	if resp.StatusCode != http.StatusNoContent {
		b, err = io.ReadAll(resp.Body)
	}
	resp.Body.Close()
	return b, err
}

func emptyBody(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
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

// A status that may carry a body is no excuse.
func okStatus(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK {
		resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
		return nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

func createdNotClosed(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 113`
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusCreated {
		return nil
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
