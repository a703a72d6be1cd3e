// Package boolhelperuse checks a caller's branch on a helper's bool result:
// on each edge the helper's exits that return that value.
package boolhelperuse

import (
	"errors"
	"net/http"

	"boolhelperlib"
)

var errStop = errors.New("stop")

// fallback retries while the answer is a refusal, which the helper has
// closed already.
func fallback(c *http.Client, u string, stop func() bool) (*http.Response, error) {
	res, err := c.Get(u)
	for err == nil {
		refused, perr := boolhelperlib.Refused(res)
		if perr != nil {
			return nil, perr
		}
		if !refused {
			break
		}
		if stop() {
			return nil, errStop
		}
		res, err = c.Get(u)
	}
	return res, err
}

// retryLoop: the helper closes the body exactly when it says to retry.
func retryLoop(c *http.Client, u string) (*http.Response, error) {
	for {
		resp, err := c.Get(u)
		if err != nil {
			return nil, err
		}
		if boolhelperlib.Retry(resp) {
			continue
		}
		return resp, nil
	}
}

// retryWrongWay: on the false edge the body is still open.
func retryWrongWay(c *http.Client, u string) error {
	resp, err := c.Get(u) // want `resp.Body is not closed on the path that returns at line 55`
	if err != nil {
		return err
	}
	if !boolhelperlib.Retry(resp) {
		return nil
	}
	return errStop
}

// shouldRetry is a helper of this package: it closes the body (unread)
// when it says to retry.
func shouldRetry(resp *http.Response) (retry bool) {
	if resp.StatusCode == http.StatusServiceUnavailable {
		resp.Body.Close()
		return true
	}
	return false
}

func localRetry(c *http.Client, u string) (*http.Response, error) {
	for i := 0; ; i++ {
		resp, err := c.Get(u)
		if err != nil {
			return nil, err
		}
		if shouldRetry(resp) && i < 3 { // want `closed by shouldRetry before it is read to EOF`
			continue
		}
		return resp, nil
	}
}
