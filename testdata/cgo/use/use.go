// Package use uses cgo in its only file: the files a driver parses are
// those cgo wrote, in the build cache. Its finding needs lib's summaries.
package use

// #include <stdlib.h>
import "C"

import (
	"net/http"

	"example.com/cgo/lib"
)

// Status returns the status of the page, closing the body unread.
func Status(c *http.Client, u string) (int, error) {
	resp, err := lib.Get(c, u)
	if err != nil {
		return int(C.abs(-1)), err
	}
	defer lib.Discard(resp)
	return resp.StatusCode, nil
}
