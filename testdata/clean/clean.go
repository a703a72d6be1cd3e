// Package clean closes and drains every body: respbody finds nothing.
package clean

import (
	"io"
	"net/http"
)

// Fetch reads the whole body and closes it.
func Fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
