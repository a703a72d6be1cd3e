package respbody

// This file honours bodyclose's //bodyclose:handled directive: written in
// the doc comment of a function, it says that callers need not close the
// responses the function returns. respbody takes it as the author's word
// and says so once where the code disagrees.

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// handledDirective is the directive's text, after the comment's slashes
// and spaces (bodyclose accepts both //bodyclose:handled and
// // bodyclose:handled).
const handledDirective = "bodyclose:handled"

// handledDecl returns fn's declaration when its doc comment has a line
// //bodyclose:handled, or nil.
func handledDecl(fn *ssa.Function) *ast.FuncDecl {
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Doc == nil {
		return nil
	}
	for _, c := range fd.Doc.List {
		if strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) == handledDirective {
			return fd
		}
	}
	return nil
}

// honourHandled applies fn's //bodyclose:handled directive, if any, to its
// summary s: its callers owe nothing for the responses and bodies it
// returns fresh, in this package and (through the fact) in every importer.
// When fn does return one that its callers would owe a close for, the
// directive contradicts the code: respbody follows it, so no caller is
// reported, and returns one finding that says so, at the function's name
// (the line below the directive).
func (c *checker) honourHandled(fn *ssa.Function, s *Summary) (*Summary, []analysis.Diagnostic) {
	fd := handledDecl(fn)
	if s == nil || fd == nil {
		return s, nil
	}
	out := *s
	out.Results = slices.Clone(s.Results)
	open := false
	for i, r := range out.Results {
		if r.Kind != Fresh {
			continue
		}
		open = open || owesAClose(r)
		out.Results[i] = Result{Kind: NotOwned}
	}
	if !open {
		return &out, nil
	}
	name := fn.Name()
	return &out, []analysis.Diagnostic{{
		Pos:      fd.Name.Pos(),
		End:      fd.Name.End(),
		Category: CategoryUnclosed,
		Message: fmt.Sprintf("//bodyclose:handled says callers of %s need not close the response it returns, but it returns the body open: "+
			"respbody takes the directive and reports none of its callers; close the body in %s, or remove the directive and close it in the callers", name, name),
	}}
}

// owesAClose reports whether the receiver of the fresh result r owes a
// close on some path (a body with nothing to read or hold, sEmpty, aside).
func owesAClose(r Result) bool {
	owes := func(st [2]state) bool {
		st = callerOwes(st)
		return (st[okExit]|st[errExit])&^(owesNothing|sEmpty) != 0
	}
	if owes(r.Owes) || (r.NilParam > 0 && owes(r.OwesIfNil)) {
		return true
	}
	for _, so := range r.Statuses {
		// Those of exits with an error are before the convention that a
		// caller owes nothing there (see Result.Statuses).
		if so.Class.has(okExit) && so.Owes&^(owesNothing|sEmpty) != 0 {
			return true
		}
	}
	return false
}
