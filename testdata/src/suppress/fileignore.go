//lint:file-ignore respbody this file talks to a test server only

package suppress

import "net/http"

func fileIgnored(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
