// Package boolhelperlib holds helpers whose bool result says what they did
// with the body (used from package boolhelperuse).
package boolhelperlib

import (
	"bytes"
	"io"
	"net/http"
)

// Refused reads a 200 body, closes it and puts a copy in its place, and
// reports whether it was a refusal; any other status it leaves alone.
func Refused(res *http.Response) (bool, error) { // want Refused:`params\(0:\{ok:open\|closed err:closed\}\[status \{ok:any err:200\}\]\[if false \{ok:open\|closed err:closed\}, true \{ok:closed err:-\}\]\)`
	if res.StatusCode != http.StatusOK {
		return false, nil
	}
	buf, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return false, err
	}
	res.Body = io.NopCloser(bytes.NewReader(buf))
	return len(buf) > 0 && buf[0] == 'r', nil
}

// Retry closes the body when it says to retry.
func Retry(resp *http.Response) bool { // want Retry:`params\(0:open\|closed\[if false open, true closed\]\)`
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return true
	}
	return false
}
