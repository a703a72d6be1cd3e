// Package nobody checks responses that carry no bytes: on the edges where
// the status is 204 or 304, or the Content-Length is 0, nothing is owed but
// the close, and leaving that out holds nothing either.
package nobody

import (
	"context"
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
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 114`
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

// Client is an SDK client whose wrapper takes the method as a parameter.
type Client struct{ hc *http.Client }

func (c *Client) do(ctx context.Context, method, path string) (*http.Response, error) { // want do:`results\(0:fresh:\{ok:open err:none\}\(method=param2\)\)`
	req, err := http.NewRequestWithContext(ctx, method, path, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

func (c *Client) head(ctx context.Context, path string) (*http.Response, error) { // want head:`none`
	return c.do(ctx, http.MethodHead, path)
}

// A HEAD through the wrapper has no body.
func (c *Client) exists(ctx context.Context, path string) (bool, error) {
	resp, err := c.do(ctx, http.MethodHead, path)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

const methodHead = "HEAD"

func (c *Client) existsConst(ctx context.Context, path string) (bool, error) {
	resp, err := c.do(ctx, methodHead, path)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

func (c *Client) getLeaks(ctx context.Context, path string) (int, error) {
	resp, err := c.do(ctx, http.MethodGet, path) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// A drain of small bodies only gives up on large ones on purpose.
func drainSmall(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer func() {
		if resp.ContentLength == -1 || resp.ContentLength <= 4096 {
			io.CopyN(io.Discard, resp.Body, 4096)
		}
		resp.Body.Close()
	}()
	return resp.StatusCode, nil
}
