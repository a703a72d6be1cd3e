// Package nokeepaliveuse checks, through facts, responses to requests that
// ask for no keep-alive: an unread close is fine, a missing one is not.
package nokeepaliveuse

import (
	"net/http"

	"nokeepalivelib"
)

func sendClosed(c *http.Client, req *http.Request) (int, error) {
	resp, err := nokeepalivelib.Send(c, req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func getClosed(c *http.Client, u string) (int, error) {
	resp, err := nokeepalivelib.Get(c, u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func sendLeaks(c *http.Client, req *http.Request) (int, error) {
	resp, err := nokeepalivelib.Send(c, req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func keepClosedUnread(c *http.Client, req *http.Request) (int, error) {
	resp, err := nokeepalivelib.Keep(c, req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

// The request is marked here, the call is in the other package: the
// helper's summary says nothing of its request, so the drain is still
// asked for (only helpers of this package are read for the mark).
func markedHereSentThere(c *http.Client, req *http.Request) (int, error) {
	req.Close = true
	resp, err := nokeepalivelib.Keep(c, req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}
