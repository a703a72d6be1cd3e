// Package suppress checks the directives that silence a finding, golangci-lint's
// and staticcheck's, each with its own tool's semantics. (A comment line that
// starts with nolint after its slashes is a directive to golangci-lint.)
package suppress

import (
	"encoding/json"
	"net/http"
)

func nolintOnTheLine(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:respbody
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintWithReason(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:respbody // the caller's transport has no pool
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintInAList(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:errcheck,RespBody
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintAll(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:all
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintBare(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint // every linter
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// golangci-lint trims the slashes and spaces before it looks for nolint.
func nolintSpaced(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) // nolint:respbody
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintOtherLinter(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:bodyclose // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintNotADirective(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) // not nolint:respbody // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func nolintAbove(c *http.Client, req *http.Request) int {
	//nolint:respbody // covers the statement below
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// A comment above, in another column, covers only its own lines.
func nolintAboveElsewhere(c *http.Client, req *http.Request) int {
	_ = req                //nolint:respbody
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// Above a function, a //nolint covers the whole function.
//
//nolint:respbody
func nolintFunc(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return nil
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// Only the undrained close is silenced; the leak is still reported.
func nolintOneOfTwo(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return nil
	}
	defer resp.Body.Close() //nolint:respbody // small bodies, HTTP/2 only
	return json.NewDecoder(resp.Body).Decode(v)
}

func lintIgnoreAbove(c *http.Client, req *http.Request) int {
	//lint:ignore respbody the server answers 204 only
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func lintIgnoreOnTheLine(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //lint:ignore respbody the server answers 204 only
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func lintIgnoreGlob(c *http.Client, req *http.Request) int {
	//lint:ignore SA1019,resp* the server answers 204 only
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// staticcheck requires a reason: without one the directive is ignored.
func lintIgnoreNoReason(c *http.Client, req *http.Request) int {
	//lint:ignore respbody
	resp, err := c.Do(req) // want `resp.Body is not closed .* \(a //lint:ignore directive names respbody here but gives no reason, so it is ignored: write //lint:ignore respbody <reason>\)`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func lintIgnoreOtherCheck(c *http.Client, req *http.Request) int {
	//lint:ignore SA1019 not this one
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// A //lint:ignore covers the first line of its statement only.
func lintIgnoreOtherLine(c *http.Client, req *http.Request, v any) error {
	//lint:ignore respbody the leak is deliberate
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return nil
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return json.NewDecoder(resp.Body).Decode(v)
}
