package leaky

import "net/http"

// Probe's leaks are deliberate, and say so: respbody reports neither, under
// any driver.
func Probe(c *http.Client, req *http.Request) (int, int, error) {
	resp, err := c.Do(req) //nolint:respbody // a probe: the server closes the connection
	if err != nil {
		return 0, 0, err
	}
	//lint:ignore respbody a probe: the server closes the connection
	again, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	return resp.StatusCode, again.StatusCode, nil
}
