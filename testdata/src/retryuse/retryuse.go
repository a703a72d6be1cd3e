// Package retryuse calls unexported interfaces whose test files add
// implementations (fakes): the package's own files are judged the same with
// and without its tests, since go vet and the default route analyze the
// test variant and the in-process route both. A call of such an interface
// is what the implementations in non-test files do.
package retryuse

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"retrylib"
)

type getter interface {
	Get(url string) (*http.Response, error)
}

// Client gets pages through a getter that only its tests implement here.
type Client struct{ g getter }

// New returns a Client on c.
func New(c *http.Client) *Client { return &Client{g: c} }

// page leaks on a 5xx return inside the closure given to the retry helper,
// as cli/cli's attestation client did: fetch_test.go's fake must not stand
// for the real client.
func (c *Client) page(u string) ([]byte, error) {
	var page []byte
	err := retrylib.Retry(func() error {
		resp, err := c.g.Get(u) // want `resp.Body is not closed on the path that returns at line 38`
		if err != nil {
			return err
		}
		if resp.StatusCode >= 500 {
			return fmt.Errorf("%s: status %d", u, resp.StatusCode)
		}
		defer resp.Body.Close()
		page, err = io.ReadAll(resp.Body)
		return err
	}, 3)
	return page, err
}

// status leaks without a helper: the same rule, outside a closure.
func (c *Client) status(u string) (int, error) {
	resp, err := c.g.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// source has one implementation in the package, memory, whose responses
// hold no connection; retryuse_test.go adds one on the network.
type source interface {
	Open(name string) (*http.Response, error)
}

type memory map[string]string

func (m memory) Open(name string) (*http.Response, error) { // want Open:"nofail"
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(m[name]))}, nil
}

// statusOf owes nothing: memory is what the call reaches, with or without
// the tests' implementation.
func statusOf(s source, name string) int {
	resp, err := s.Open(name)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
