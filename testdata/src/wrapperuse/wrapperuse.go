// Package wrapperuse uses an SDK whose response type embeds *http.Response:
// a fresh wrapper is an obligation like the response it embeds.
package wrapperuse

import (
	"io"
	"net/http"

	"wrapperlib"
)

func bareLeaks(c *wrapperlib.Client, req *http.Request) (int, error) {
	resp, err := c.BareDo(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.NextPage, nil
}

func bareCloses(c *wrapperlib.Client, req *http.Request) ([]byte, error) {
	resp, err := c.BareDo(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func bareClosesUnread(c *wrapperlib.Client, req *http.Request) (int, error) {
	resp, err := c.BareDo(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func closesThroughHelper(c *wrapperlib.Client, req *http.Request) error {
	resp, err := c.BareDo(req)
	if err != nil {
		return err
	}
	drainClose(resp)
	return nil
}

func drainClose(r *wrapperlib.Response) {
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
}

func decoded(c *wrapperlib.Client, req *http.Request) (int, error) {
	var v map[string]any
	resp, err := c.Do(req, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func intoValue(c *wrapperlib.Client, req *http.Request) (int, error) {
	var v map[string]any
	resp, err := c.DoInto(req, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func intoNil(c *wrapperlib.Client, req *http.Request) (int, error) {
	resp, err := c.DoInto(req, nil) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
