// Package nokeepalive checks requests that ask for no keep-alive
// (req.Close = true, a Connection: close header): the connection is not
// reused whatever happens to the body, so an unread close wastes nothing;
// the close is still owed.
package nokeepalive

import (
	"net/http"
)

func closeField(c *http.Client, u string) (int, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, err
	}
	req.Close = true
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func closeFieldDefaultClient(req *http.Request) (int, error) {
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func closeFieldTransport(tr *http.Transport, req *http.Request) (int, error) {
	req.Close = true
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// The close is still owed.
func closeFieldLeaks(c *http.Client, req *http.Request) (int, error) {
	req.Close = true
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// The field set on the request before a copy is set on the copy.
func closeFieldThenCopy(c *http.Client, req *http.Request) (int, error) {
	req.Close = true
	resp, err := c.Do(req.WithContext(req.Context()))
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func headerSet(c *http.Client, u string) (int, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Connection", "close")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func headerAddLowerCase(c *http.Client, req *http.Request) (int, error) {
	req.Header.Add("connection", "Close")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func headerIndex(c *http.Client, req *http.Request) (int, error) {
	req.Header["Connection"] = []string{"close"}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func headerLiteral(c *http.Client, req *http.Request) (int, error) {
	req.Header = http.Header{"Connection": {"close"}, "Accept": {"*/*"}}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// A request built by a helper of this package that asks for no keep-alive.
func newRequest(u string) (*http.Request, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Close = true
	return req, nil
}

// A helper of this package that marks the request it is given.
func noKeepAlive(req *http.Request) {
	req.Header.Set("Connection", "close")
}

func builtByHelper(c *http.Client, u string) (int, error) {
	req, err := newRequest(u)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func markedByHelper(c *http.Client, req *http.Request) (int, error) {
	noKeepAlive(req)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// Negative cases: the connection may be reused.

func closeFieldFalse(c *http.Client, req *http.Request) (int, error) {
	req.Close = false
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func closeFieldVariable(c *http.Client, req *http.Request, once bool) (int, error) {
	req.Close = once
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func closeFieldOnOnePath(c *http.Client, req *http.Request, once bool) (int, error) {
	if once {
		req.Close = true
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func closeFieldAfter(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	req.Close = true
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func closeFieldOtherRequest(c *http.Client, req, other *http.Request) (int, error) {
	other.Close = true
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func headerKeepAlive(c *http.Client, req *http.Request) (int, error) {
	req.Header.Set("Connection", "keep-alive")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func headerVariable(c *http.Client, req *http.Request, v string) (int, error) {
	req.Header.Set("Connection", v)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func headerIndexNotCanonical(c *http.Client, req *http.Request) (int, error) {
	// The transport looks up the canonical key only.
	req.Header["connection"] = []string{"close"}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func headerDeleted(c *http.Client, req *http.Request) (int, error) {
	req.Header.Set("Connection", "close")
	req.Header.Del("Connection")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

func maybeNoKeepAlive(req *http.Request, once bool) {
	if once {
		req.Close = true
	}
}

func markedByHelperMaybe(c *http.Client, req *http.Request) (int, error) {
	maybeNoKeepAlive(req, false)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
	return resp.StatusCode, nil
}

// doNil passes a nil request, a constant with no uses recorded: the check
// for a no-keep-alive mark must not stop the analysis of the function.
func doNil() int {
	resp, err := http.DefaultClient.Do(nil) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
