// Package rangefuncuse calls the helpers of package rangefunclib, whose
// range-over-func loops no longer hide what becomes of the body.
package rangefuncuse

import (
	"net/http"

	"rangefunclib"
)

func leaks(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return len(rangefunclib.Links(resp))
}

func closes(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	_ = rangefunclib.Links(resp)
	return rangefunclib.Finish(resp, "a,b")
}

func closesUnread(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return rangefunclib.FinishInLoop(resp, "a,b") // want `resp.Body is closed by FinishInLoop before it is read to EOF`
}
