// Package use calls lib from another package.
package use

import (
	"net/http"

	"example.com/frombodyclose/lib"
)

func viaDirective(u string) {
	_, _ = lib.Get(u) // honoured: not reported
}

func noDirective(u string) {
	_, _ = lib.Open(u) // reported
}

func silencedForBodyclose(u string) int {
	resp, err := http.Get(u) //nolint:bodyclose // reported unless -bodyclose-nolint
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
