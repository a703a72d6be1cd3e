// Package leaky is a small module with one leak and one undrained close,
// for the tests that run respbody through go vet, go fix, golangci-lint and
// pre-commit.
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
