// Package statuslib holds SDK helpers whose errors depend on the status of
// the response: package statususe imports their summaries as facts, and
// tests the status before the error.
package statuslib

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// Response is an SDK's response, embedding the one it answers for.
type Response struct{ *http.Response }

// Error reads the body of every status but 2xx, 3xx and 429 into memory,
// as vault's API client does: where it returns nil, the status was one of
// those, and the body is untouched.
func (r *Response) Error() error { // want Error:`params\(0:\{ok:open err:closed\|failed\}\[status \{ok:200-399,429 err:not 200-399,429\}\]\)`
	if (r.StatusCode >= 200 && r.StatusCode < 400) || r.StatusCode == 429 {
		return nil
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil {
		return err
	}
	r.Body.Close()
	r.Body = io.NopCloser(&buf)
	return errors.New(r.Status)
}

// Client is an SDK client.
type Client struct{ HC *http.Client }

// Raw sends a request; a redirect it cannot follow comes back with its body
// unread and an error, every other failing status with its body read by
// Error.
func (c *Client) Raw(req *http.Request) (*Response, error) { // want Raw:`results\(0:fresh:\{ok:open err:none\|open\|failed\}\[status ok:open@200-399,429 err:none@any err:open@301-302,307 err:failed@not 200-399,429\]\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	result := &Response{Response: resp}
	if resp.StatusCode == 301 || resp.StatusCode == 302 || resp.StatusCode == 307 {
		if resp.Header.Get("Location") == "" {
			return result, errors.New("redirect without a location")
		}
	}
	if err := result.Error(); err != nil {
		return result, err
	}
	return result, nil
}

// Unread returns every failing status with its body unread.
func (c *Client) Unread(req *http.Request) (*http.Response, error) { // want Unread:`results\(0:fresh:\{ok:open err:none\|open\}\[status ok:open@200-299 err:none@any err:open@not 200-299\]\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, errors.New(resp.Status)
	}
	return resp, nil
}

// Only200 answers only with a 200: every other response it closes.
func (c *Client) Only200(req *http.Request) (*http.Response, error) { // want Only200:`results\(0:fresh:\{ok:open err:none\}\[status ok:open@200 err:none@any\]\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errors.New(resp.Status)
	}
	return resp, nil
}

// CheckOK fails for every status but 200, and reads nothing.
func CheckOK(resp *http.Response) error { // want CheckOK:`params\(0:-\[status \{ok:200 err:not 200\}\]\)`
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// Check passes CheckOK's error on: its statuses are CheckOK's.
func Check(resp *http.Response) error { // want Check:`params\(0:-\[status \{ok:200 err:not 200\}\]\)`
	return CheckOK(resp)
}

// Checked returns a response only where Check passed it: a 200.
func (c *Client) Checked(req *http.Request) (*http.Response, error) { // want Checked:`results\(0:fresh:\{ok:open err:none\|open\}\[status ok:open@200 err:none@any err:open@not 200\]\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	if err := Check(resp); err != nil {
		return resp, err
	}
	return resp, nil
}
