package testsonly

import (
	"net/http"
	"testing"
)

func TestExpectsError(t *testing.T) {
	_, err := http.Get("http://invalid.invalid")
	if err == nil {
		t.Error("expected an error")
	}
	resp, err := http.Get("http://invalid.invalid")
	if err == nil {
		t.Errorf("expected an error, got a response")
	}
	_ = err
	_ = resp
}

func TestUsesResponse(t *testing.T) {
	resp, err := http.Get("http://x") // want `resp.Body is not closed`
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Error("bad status")
	}
}
