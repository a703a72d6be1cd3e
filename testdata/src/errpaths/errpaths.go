// Package errpaths checks that nothing is owed where the call failed.
package errpaths

import (
	"errors"
	"io"
	"net/http"
)

func errNotNil(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errIsNil(u string) {
	resp, err := http.Get(u)
	if err == nil {
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
	}
}

func respNil(u string) {
	resp, _ := http.Get(u)
	if resp == nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func respNotNil(u string) {
	resp, _ := http.Get(u)
	if resp != nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// The close on the error path is harmless (and owes no drain).
func closeOnErrorPath(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errOrStatus(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 62`
	if err != nil || resp.StatusCode != http.StatusOK {
		return errors.New("failed")
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

// err captured by a closure lives in a variable; the check still counts.
func capturedErr(u string) (err error) {
	defer func() {
		if err != nil {
			err = errors.New("wrapped")
		}
	}()
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func errCheckedLate(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 91`
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
