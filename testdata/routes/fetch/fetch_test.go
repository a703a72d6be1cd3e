package fetch

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// fake implements getter with a response that holds no connection.
type fake struct{}

func (fake) Get(string) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok"))}, nil
}

func TestPage(t *testing.T) {
	t.Parallel()
	c := &Client{g: fake{}}
	if page, err := c.Page("http://localhost"); err != nil || string(page) != "ok" {
		t.Errorf("Page: %q, %v", page, err)
	}
}
