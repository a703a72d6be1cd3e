// Package lib has functions with bodyclose's //bodyclose:handled directive.
package lib

import "net/http"

// Get returns the body open: the directive contradicts the code, and
// respbody says so here, once.
//
//bodyclose:handled
func Get(u string) (*http.Response, error) {
	return http.Get(u)
}

// Open has no directive.
func Open(u string) (*http.Response, error) {
	return http.Get(u)
}

func sameFile(u string) {
	_, _ = Get(u) // honoured: not reported
}
