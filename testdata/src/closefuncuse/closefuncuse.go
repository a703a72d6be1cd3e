// Package closefuncuse checks, through facts, helpers of another package
// that call (or keep) the Close method value they are given.
package closefuncuse

import (
	"io"
	"net/http"

	"closefunclib"
)

func unread(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	defer closefunclib.Quietly(resp.Body.Close) // want `resp.Body is closed by this deferred call before it is read to EOF`
	return resp.StatusCode, nil
}

func read(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer closefunclib.Logged(resp.Body.Close)
	return io.ReadAll(resp.Body)
}

func unreadNow(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	closefunclib.Logged(resp.Body.Close) // want `resp.Body is closed by Logged before it is read to EOF`
	return resp.StatusCode, nil
}

func kept(c *http.Client, cl *closefunclib.Cleanup, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	cl.Add(resp.Body.Close)
	return resp.StatusCode, nil
}
