package respbody

import (
	"fmt"
	"slices"
	"strings"
)

// A Summary says what a function does with the response bodies it is given
// and those it returns, in the terms of the states of state.go: for each
// parameter, the states its body can be in when the function returns; for
// each result, whether it is a response the function obtained (and what its
// receiver still owes for it), a parameter passed back, or a reader over one.
// The states are joined over the paths that reach the exits, separately for
// the exits that return a nil error and those that return a non-nil one, so
// that a caller's check of that error tells the paths apart.
//
// The same type describes the standard library (knowledge.go), this
// package's functions (computed), and other packages' (facts), so that one
// lookup answers what a call does. Its fields are plain data so that it can
// travel as an analysis.Fact.
type Summary struct {
	// Params has one entry per SSA parameter (the receiver first, for a
	// method), followed by one per free variable of a closure. Missing
	// entries leave the argument untouched.
	Params []Param
	// Results has one entry per result; missing entries are not owned.
	Results []Result
	// NoReturn reports that no path through the function returns.
	NoReturn bool
	// Fails reports that every path that returns returns a non-nil error
	// (the function's last result).
	Fails bool
	// NeverFails reports that every path that returns returns a nil error.
	NeverFails bool
	// Download is, for a function that returns an azcore request, whether
	// it marks it with SkipBodyDownload (see azure.go); 0 for any other.
	Download int8
}

// The classes of exits: those that return a nil error (all of them, for a
// function with no error result) and those that return a non-nil one.
const (
	okExit  = 0
	errExit = 1
)

// An exitClass is a set of exit classes: bit 1<<okExit, bit 1<<errExit.
type exitClass uint8

const (
	classOK   exitClass = 1 << okExit
	classErr  exitClass = 1 << errExit
	classBoth           = classOK | classErr
)

// classNames name the classes of exits in fact strings.
var classNames = map[exitClass]string{classOK: "ok", classErr: "err", classBoth: "any"}

// has reports whether the class includes exits of class c (okExit, errExit).
func (x exitClass) has(c int) bool { return x&(1<<c) != 0 }

// A Param says what becomes of a body (or the response holding it) passed
// in one parameter.
type Param struct {
	// Exits holds, by class of exit, the states the body can be in once the
	// function has returned. Zero means untouched.
	Exits [2]state
	// Partial: on some path, part of the body is read (a loop of such reads
	// consumes a stream).
	Partial bool
	// Status holds, by class of exit, the statuses the response can have
	// once the function has returned (every status: nothing known). A
	// helper that returns an error for every status but 2xx says so here,
	// and its caller's check of that error tells the status.
	Status [2]StatusSet
	// IfBool holds, for a function with a bool result, the exit states by
	// that result's value (false, true) and by class of exit, where they
	// differ: a helper that reads and closes the body exactly when it
	// returns true. Its caller's branch on that result tells which (see
	// splitAtBoolCheck). Zero: no split.
	IfBool [2][2]state
}

// A ResultKind says what a result holds.
type ResultKind uint8

// The kinds of result.
const (
	// NotOwned: nothing the caller owes anything for.
	NotOwned ResultKind = iota
	// Fresh: a response (or body) the function obtained itself.
	Fresh
	// Passed: the parameter Param, passed back unchanged.
	Passed
	// Reader: a reader (of kind Reader) over the body in parameter Param;
	// reading it to EOF reads that body to EOF.
	Reader
)

// A Result describes one result of a function.
type Result struct {
	Kind ResultKind
	// Body: a Fresh result is the body, not the whole response.
	Body bool
	// Param is the index of the parameter a Passed or Reader result holds.
	Param int
	// ReaderKind is the kind of a Reader result (reader, scanner, decoder).
	ReaderKind kind
	// Owes holds, by class of exit, what the receiver of a Fresh result
	// owes: sOpen (a close and a drain), sRead, sBounded, sFailed, sHeld or
	// sEmpty (a close), sNone (nothing: it was closed, replaced, or is
	// nil).
	Owes [2]state
	// MethodParam is the index+1 of the parameter that is the method of
	// the request a Fresh result answers (0: none): called with "HEAD",
	// the function returns a response with no body.
	MethodParam int
	// NilParam is the index+1 of an output argument (v any) on whose
	// nil-ness what a Fresh result owes depends (0: none): Owes holds what
	// it owes when the argument is not nil, OwesIfNil when it is.
	NilParam  int
	OwesIfNil [2]state
	// Statuses splits what a Fresh result owes by the statuses the
	// response can have, where the function's tests of the status tell
	// them apart (nil: they do not): a caller that tests the status before
	// the error learns which of these it is on. The states are what the
	// returns leave owed, before the convention that a caller owes nothing
	// where the error is not nil (see freshResult).
	Statuses []StatusOwes
	// Same is the index+1 of an earlier Fresh result that holds the same
	// response on every return (0: none): a wrapper returned beside it
	// (resp, &Page{Response: resp}, nil). Callers owe one close for both.
	Same int
}

// callerOwes is what the receiver of a fresh result owes by class of exit,
// given what the function's returns leave owed: where the error is not nil
// and the function returns no response on some paths, nothing (callers
// follow http.Client.Do's convention).
func callerOwes(owes [2]state) [2]state {
	if owes[errExit]&sNone != 0 {
		owes[errExit] = sNone
	}
	return owes
}

// A StatusOwes is one way a function returns a fresh response: by a class
// of exit, owing one state, with one of a set of statuses.
type StatusOwes struct {
	Class  exitClass
	Owes   state
	Status StatusSet
}

// equal reports whether r and q say the same.
func (r Result) equal(q Result) bool {
	return r.Kind == q.Kind && r.Body == q.Body && r.Param == q.Param &&
		r.ReaderKind == q.ReaderKind && r.Owes == q.Owes &&
		r.MethodParam == q.MethodParam && r.NilParam == q.NilParam &&
		r.OwesIfNil == q.OwesIfNil && slices.Equal(r.Statuses, q.Statuses) && r.Same == q.Same
}

// AFact marks a Summary as an analysis.Fact, exported on the function it
// describes so that calls in other packages use it.
func (*Summary) AFact() {}

// String renders the summary as the fact tests read it, for example
// "params(0:{ok:open err:read}) results(0:fresh:open)".
func (s *Summary) String() string {
	var parts []string
	var ps []string
	for i, p := range s.Params {
		if p.isZero() {
			continue
		}
		var str string
		switch {
		case p.Exits == [2]state{} && p.Partial:
			str = fmt.Sprintf("%d:part", i)
		case p.Exits == [2]state{}:
			str = fmt.Sprintf("%d:-", i)
		case p.Partial:
			str = fmt.Sprintf("%d:%s+part", i, classes(p.Exits))
		default:
			str = fmt.Sprintf("%d:%s", i, classes(p.Exits))
		}
		if p.Status != [2]StatusSet{} {
			str += "[status " + statusClasses(p.Status) + "]"
		}
		if p.IfBool != [2][2]state{} {
			str += "[if false " + classes(p.IfBool[0]) + ", true " + classes(p.IfBool[1]) + "]"
		}
		ps = append(ps, str)
	}
	if len(ps) > 0 {
		parts = append(parts, "params("+strings.Join(ps, " ")+")")
	}
	var rs []string
	for i, r := range s.Results {
		switch r.Kind {
		case Fresh:
			what := "fresh"
			if r.Body {
				what = "fresh-body"
			}
			str := fmt.Sprintf("%d:%s:%s", i, what, classes(r.Owes))
			if r.MethodParam > 0 {
				str += fmt.Sprintf("(method=param%d)", r.MethodParam-1)
			}
			if r.NilParam > 0 {
				str += fmt.Sprintf("(param%d=nil:%s)", r.NilParam-1, classes(r.OwesIfNil))
			}
			if r.Same > 0 {
				str += fmt.Sprintf("(same as %d)", r.Same-1)
			}
			if len(r.Statuses) > 0 {
				var ss []string
				for _, so := range r.Statuses {
					ss = append(ss, fmt.Sprintf("%s:%s@%s", classNames[so.Class], so.Owes, so.Status))
				}
				str += "[status " + strings.Join(ss, " ") + "]"
			}
			rs = append(rs, str)
		case Passed:
			rs = append(rs, fmt.Sprintf("%d:param%d", i, r.Param))
		case Reader:
			rs = append(rs, fmt.Sprintf("%d:reader(param%d)", i, r.Param))
		}
	}
	if len(rs) > 0 {
		parts = append(parts, "results("+strings.Join(rs, " ")+")")
	}
	if s.NoReturn {
		parts = append(parts, "noreturn")
	}
	if s.Fails {
		parts = append(parts, "fails")
	}
	if s.NeverFails {
		parts = append(parts, "nofail")
	}
	switch s.Download {
	case downloadBody:
		parts = append(parts, "request(download)")
	case downloadSkip:
		parts = append(parts, "request(skip-download)")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// classes renders a pair of states by class: one state when both agree.
func classes(c [2]state) string {
	if c[okExit] == c[errExit] {
		return c[okExit].String()
	}
	return fmt.Sprintf("{ok:%s err:%s}", c[okExit], c[errExit])
}

// untouched reports whether p leaves the body untouched.
func (p Param) untouched() bool { return p.Exits == [2]state{} && !p.Partial }

// isZero reports whether p says nothing: it leaves the body untouched and
// tells nothing of its status.
func (p Param) isZero() bool {
	return p.Exits == [2]state{} && !p.Partial && p.Status == [2]StatusSet{}
}

// param returns the summary of parameter i (zero when the summary says
// nothing of it).
func (s *Summary) param(i int) Param {
	if i < len(s.Params) {
		return s.Params[i]
	}
	return Param{}
}

// result returns the summary of result i.
func (s *Summary) result(i int) Result {
	if i < len(s.Results) {
		return s.Results[i]
	}
	return Result{}
}

// readsThrough reports whether a result of the function is a reader over
// parameter i (io.MultiReader's readers).
func (s *Summary) readsThrough(i int) bool {
	for _, r := range s.Results {
		if r.Kind == Reader && r.Param == i {
			return true
		}
	}
	return false
}

// isEmpty reports whether the summary says nothing a caller could use.
func (s *Summary) isEmpty() bool {
	if s.NoReturn || s.Fails || s.NeverFails || s.Download != downloadUnknown {
		return false
	}
	for _, p := range s.Params {
		if !p.isZero() {
			return false
		}
	}
	for _, r := range s.Results {
		if r.Kind != NotOwned {
			return false
		}
	}
	return true
}

// The values of Summary.Download.
const (
	downloadUnknown int8 = iota // not a function that returns a request
	downloadBody                // returns a request whose response body the pipeline downloads
	downloadSkip                // returns a request marked with SkipBodyDownload
)
