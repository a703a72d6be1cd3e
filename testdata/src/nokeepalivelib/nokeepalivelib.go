// Package nokeepalivelib sends requests that ask for no keep-alive (used
// from package nokeepaliveuse): the responses it returns owe a close, not
// a drain.
package nokeepalivelib

import "net/http"

// Send sends req once, on a connection that is not kept.
func Send(c *http.Client, req *http.Request) (*http.Response, error) { // want Send:`results\(0:fresh:\{ok:held err:none\}\)`
	req.Close = true
	return c.Do(req)
}

// Get sends a GET with a Connection: close header.
func Get(c *http.Client, u string) (*http.Response, error) { // want Get:`results\(0:fresh:\{ok:held err:none\}\)`
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Connection", "close")
	return c.Do(req)
}

// Keep sends req on a connection that may be kept.
func Keep(c *http.Client, req *http.Request) (*http.Response, error) { // want Keep:`results\(0:fresh:\{ok:open err:none\}\)`
	return c.Do(req)
}
