// Package bodyclosenolint is checked with -bodyclose-nolint: a //nolint
// that names bodyclose silences the unclosed findings it covers, with
// golangci-lint's reach, and nothing else.
package bodyclosenolint

import "net/http"

func onTheLine(u string) int {
	resp, err := http.Get(u) //nolint:bodyclose
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func inAList(u string) int {
	resp, err := http.Get(u) //nolint:errcheck,bodyclose // the caller's server closes
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

//nolint:bodyclose
func wholeFunction(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// undrainedStays: bodyclose has no undrained rule, so its directive leaves
// those findings.
//
//nolint:bodyclose
func undrainedStays(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	resp.Body.Close() // want `before it is read to EOF`
	return resp.StatusCode
}

func otherLinter(u string) int {
	resp, err := http.Get(u) //nolint:errcheck // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func bareNolintIsRespbodys(u string) int {
	resp, err := http.Get(u) //nolint
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func lineAbove(u string) int {
	//nolint:bodyclose
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
