// Package flags has a finding only -strict reports and one only -drain
// (auto or always, before go1.27) reports: the nogo config's
// analyzer_flags set strict true and drain never.
package flags

import (
	"bufio"
	"encoding/json"
	"net/http"
)

// Parse reads a response and never closes its body: reported with -strict
// only (http.ReadResponse's body holds no connection).
func Parse(r *bufio.Reader) (int, error) {
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Decode closes the body before it is read to EOF: reported unless
// -drain=never.
func Decode(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
