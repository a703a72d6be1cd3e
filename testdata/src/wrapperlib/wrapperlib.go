// Package wrapperlib is an SDK whose response type embeds *http.Response,
// as go-github's does.
package wrapperlib

import (
	"encoding/json"
	"io"
	"net/http"
)

// Response wraps the HTTP response with the SDK's paging data.
type Response struct {
	*http.Response
	NextPage int
}

func newResponse(r *http.Response) *Response {
	resp := &Response{Response: r}
	resp.NextPage = 1
	return resp
}

// Client is the SDK's client.
type Client struct{ HC *http.Client }

// BareDo returns the response open: the caller closes its Body.
func (c *Client) BareDo(req *http.Request) (*Response, error) { // want BareDo:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	return newResponse(resp), nil
}

// Do decodes the body into v and closes it: the caller owes nothing.
func (c *Client) Do(req *http.Request, v any) (*Response, error) { // want Do:`results\(0:fresh:none\)`
	resp, err := c.BareDo(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, err
	}
	return resp, json.Unmarshal(b, v)
}

// DoInto decodes into v and closes the body when v is not nil; with a nil
// v the caller gets the body open. Its fact says both.
func (c *Client) DoInto(req *http.Request, v any) (*Response, error) { // want DoInto:`results\(0:fresh:none\(param2=nil:\{ok:open err:none\}\)\)`
	resp, err := c.HC.Do(req)
	if err != nil {
		return nil, err
	}
	if v != nil {
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		return newResponse(resp), json.Unmarshal(b, v)
	}
	return newResponse(resp), nil
}
