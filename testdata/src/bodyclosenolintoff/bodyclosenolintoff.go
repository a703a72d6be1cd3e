// Package bodyclosenolintoff is checked with the default flags: a //nolint
// that names bodyclose alone does not silence respbody.
package bodyclosenolintoff

import "net/http"

func onTheLine(u string) int {
	resp, err := http.Get(u) //nolint:bodyclose // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

//nolint:bodyclose
func wholeFunction(u string) int {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
