// Package fixesnever is checked with -drain=never: the fix for a leak is a
// plain deferred close.
package fixesnever

import (
	"errors"
	"net/http"
)

func leak(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}
