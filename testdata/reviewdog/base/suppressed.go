package leaky

import "net/http"

// Probe's leak is deliberate, and says so: respbody reports nothing here.
func Probe(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req) //nolint:respbody // a probe: the server closes the connection
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
