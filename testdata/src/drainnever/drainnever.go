// Package drainnever is checked with -drain=never: undrained closes are not
// reported, unclosed bodies still are.
package drainnever

import "net/http"

func closeUnread(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Body.Close()
}

func unclosed(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp.Status
}
