// Package suppressnolintoff checks -nolint=false (the golangci-lint plugin's
// setting: golangci-lint reads //nolint itself): //nolint is left alone,
// //lint:ignore still honoured.
package suppressnolintoff

import "net/http"

func nolint(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) //nolint:respbody // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func lintIgnore(c *http.Client, req *http.Request) int {
	//lint:ignore respbody the server answers 204 only
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
