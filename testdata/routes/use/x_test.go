package use_test

import (
	"net/http"
	"testing"

	"example.com/routes/use"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	if _, err := use.Status(http.DefaultClient); err != nil {
		t.Skip(err)
	}
}
