// Package fixesnoio checks that fixes add the io import, once, and respect
// a renamed or shadowed io.
package fixesnoio

import (
	"errors"
	"net/http"
)

func deferred(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `closed by this deferred call before it is read to EOF`
	if resp.StatusCode != 200 {
		return errors.New("bad status")
	}
	return nil
}

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

// No fix: a local io hides the package.
func shadowed(u string, io int) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close() // want `closed before it is read to EOF`
	return nil
}
