package retryuse

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// fake implements getter with responses that hold no connection.
type fake struct{}

func (fake) Get(string) (*http.Response, error) { // want Get:"nofail"
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok"))}, nil
}

// network implements source on the network.
type network struct{ c *http.Client }

func (n network) Open(name string) (*http.Response, error) { return n.c.Get(name) } // want Open:`results\(0:fresh:\{ok:open err:none\}\)`

// Get makes memory a getter, through a method this file adds to a type of
// the package.
func (m memory) Get(u string) (*http.Response, error) { return m.Open(u) } // want Get:"none"

func TestPage(t *testing.T) {
	c := &Client{g: fake{}}
	if page, err := c.page("http://localhost"); err != nil || string(page) != "ok" {
		t.Errorf("page: %q, %v", page, err)
	}
	if code := statusOf(memory{}, "x"); code != http.StatusOK {
		t.Errorf("statusOf: %d", code)
	}
}
