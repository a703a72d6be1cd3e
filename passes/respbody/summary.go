package respbody

import (
	"fmt"
	"strings"
)

// A Summary says what a function does with the response bodies that it is
// given and that it returns, as seen by its callers. It is computed once per
// function and used at every call, so that helpers and wrappers count as if
// their code were written out at the call. Its fields are plain data so that
// it can travel as an analysis.Fact.
type Summary struct {
	// Params has one entry per SSA parameter (the receiver first, for a
	// method), followed by one per free variable of a closure.
	Params []Effect
	// Results has one entry per result.
	Results []Result
	// NoReturn reports that no path through the function returns.
	NoReturn bool
}

// An Effect is what a function does, on some path, with a body (or the
// response holding it) passed in one of its parameters.
type Effect uint8

const (
	// Drains: reads the body to EOF.
	Drains Effect = 1 << iota
	// Closes: closes the body.
	Closes
	// ClosesUnread: closes the body before it was read to EOF.
	ClosesUnread
	// Keeps: takes ownership (stores, sends, or hands it to a goroutine).
	Keeps
	// Returns: returns it (or its body) to the caller unchanged.
	Returns
)

// A Result describes one result of a function.
type Result struct {
	// Fresh: the result is a response (or a body) that the function
	// obtained itself and that the caller now owns.
	Fresh bool
	// Body: the owned value is the body, not the whole response.
	Body bool
	// Param is the index+1 of the parameter passed through unchanged
	// (0 when none), so a caller's obligation follows it.
	Param int
}

// AFact marks a Summary as an analysis.Fact, exported on the function it
// describes so that calls in other packages use it.
func (*Summary) AFact() {}

// String renders the summary in the form used by tests and debug output,
// for example "params(0:drains+closes) results(0:fresh)".
func (s *Summary) String() string {
	var parts []string
	var ps []string
	for i, e := range s.Params {
		if e != 0 {
			ps = append(ps, fmt.Sprintf("%d:%s", i, e))
		}
	}
	if len(ps) > 0 {
		parts = append(parts, "params("+strings.Join(ps, " ")+")")
	}
	var rs []string
	for i, r := range s.Results {
		switch {
		case r.Fresh && r.Body:
			rs = append(rs, fmt.Sprintf("%d:fresh-body", i))
		case r.Fresh:
			rs = append(rs, fmt.Sprintf("%d:fresh", i))
		case r.Param > 0:
			rs = append(rs, fmt.Sprintf("%d:param%d", i, r.Param-1))
		}
	}
	if len(rs) > 0 {
		parts = append(parts, "results("+strings.Join(rs, " ")+")")
	}
	if s.NoReturn {
		parts = append(parts, "noreturn")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

func (e Effect) String() string {
	var names []string
	for _, n := range []struct {
		bit  Effect
		name string
	}{{Drains, "drains"}, {Closes, "closes"}, {ClosesUnread, "unread"}, {Keeps, "keeps"}, {Returns, "returns"}} {
		if e&n.bit != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, "+")
}

// isEmpty reports whether the summary says nothing a caller could use, so
// that exporting it would only cost space.
func (s *Summary) isEmpty() bool {
	if s.NoReturn {
		return false
	}
	for _, e := range s.Params {
		if e != 0 {
			return false
		}
	}
	for _, r := range s.Results {
		if r.Fresh || r.Param > 0 {
			return false
		}
	}
	return true
}
