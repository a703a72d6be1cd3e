package main

import (
	stdio "io"
	"net/http"
)

// renamed.go of the fix tests, in a file of its own as there: the fix uses
// the name the file gives io.

func noioRenamed(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	resp.Body.Close() // respbody: undrained
	return stdio.ReadAll(resp.Body)
}

func noioRenamedFixed(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	_, _ = stdio.CopyN(stdio.Discard, resp.Body, 256<<10)
	resp.Body.Close()
	return stdio.ReadAll(resp.Body)
}
