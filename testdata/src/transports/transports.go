// Package transports checks clients whose transport keeps no pool: an
// unread close wastes nothing there (the close is still owed).
package transports

import (
	"net/http"

	"golang.org/x/net/http2"
)

func http2Client(req *http.Request) (int, error) {
	c := &http.Client{Transport: &http2.Transport{}}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func http2ClientLeaks(req *http.Request) (int, error) {
	c := &http.Client{Transport: &http2.Transport{}}
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func noKeepAlives(req *http.Request) (int, error) {
	tr := &http.Transport{DisableKeepAlives: true}
	c := &http.Client{Transport: tr}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// A transport made for one call and dropped has no pool anyone reuses.
func oneShot(req *http.Request) (int, error) {
	c := &http.Client{Transport: &http.Transport{}}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func oneShotTransport(req *http.Request) (int, error) {
	resp, err := (&http.Transport{}).RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// A transport that outlives the call has a pool.
func sharedTransport(tr *http.Transport, req *http.Request) (int, error) {
	c := &http.Client{Transport: tr}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

type api struct{ hc *http.Client }

func (a *api) keptClient(req *http.Request) (int, error) {
	c := &http.Client{Transport: &http.Transport{}}
	a.hc = c
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func defaultTransport(req *http.Request) (int, error) {
	c := &http.Client{}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}
