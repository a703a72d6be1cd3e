// Package old is outside the nogo config's only_files.
package old

import "net/http"

// Fetch leaks its body.
func Fetch(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
