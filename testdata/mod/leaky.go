// Package leaky has one leak and one undrained close, for the tests that run
// respbody through go vet, go fix, golangci-lint, pre-commit and reviewdog
// (scripts/check_reviewdog.py names their lines: keep the two in step).
package leaky

import (
	"errors"
	"net/http"
)

// Status leaks the body when the status is not 200.
func Status(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	resp.Body.Close()
	return nil
}
