package use

import "net/http"

// Legacy leaks its body too, but the nogo config excludes this file.
func Legacy(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
