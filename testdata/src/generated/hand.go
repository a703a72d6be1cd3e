// Package generated checks that findings in generated files are skipped by
// default, and those in the package's other files are not.
package generated

import "net/http"

func handWritten(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
