package flags

import "net/http"

// Quiet leaks two bodies on purpose, each silenced where it is reported.
func Quiet(u string) (int, error) {
	resp, err := http.Get(u) //nolint:respbody // deliberate: the test's silenced leak
	if err != nil {
		return 0, err
	}
	//lint:ignore respbody deliberate: the test's silenced leak
	again, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode + again.StatusCode, nil
}
