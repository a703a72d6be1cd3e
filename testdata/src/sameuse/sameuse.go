// Package sameuse checks a discarded result that is the same response as
// a kept one: closing the kept one settles both.
package sameuse

import (
	"io"
	"net/http"

	"samelib"
)

type wrapped struct {
	*http.Response
}

func fetch(c *http.Client, u string) (*http.Response, *wrapped, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, nil, err
	}
	return resp, &wrapped{resp}, nil
}

func local(c *http.Client, u string) error {
	resp, _, err := fetch(c, u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func lib(c *http.Client, u string) error {
	resp, _, err := samelib.Fetch(c, u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func libLeaks(c *http.Client, u string) (int, error) {
	resp, _, err := samelib.Fetch(c, u) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// wrapperClosed: the kept result is the wrapper; closing it closes the
// response.
func wrapperClosed(c *http.Client, u string) error {
	_, w, err := samelib.Fetch(c, u)
	if err != nil {
		return err
	}
	defer w.Body.Close()
	_, err = io.Copy(io.Discard, w.Body)
	return err
}
