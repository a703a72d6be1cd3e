package use

import (
	"net/http"
	"testing"

	"example.com/routes/lib"
)

func TestGet(t *testing.T) {
	t.Parallel()
	resp, err := lib.Get(http.DefaultClient, "http://localhost")
	if err != nil {
		t.Skip(err)
	}
	t.Log(resp.StatusCode)
}
