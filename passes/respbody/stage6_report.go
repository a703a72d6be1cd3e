package respbody

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Diagnostic categories.
const (
	// CategoryUnclosed is the category of a body that is never closed.
	CategoryUnclosed = "unclosed"
	// CategoryUndrained is the category of a body closed before it was
	// read to EOF.
	CategoryUndrained = "undrained"
)

// Stage 6 (report): the findings of a function become diagnostics, with
// their fixes. Nothing here changes what the earlier stages computed.

// report returns the diagnostics of a function's findings.
func (fa *funcAnalysis) report(ev *events, f *findings) []analysis.Diagnostic {
	var diags []analysis.Diagnostic
	for obl, o := range fa.obls {
		if !o.reported() {
			continue
		}
		leaks := len(f.leaks[obl]) > 0 || f.overwrites[obl] || len(f.replaced[obl]) > 0
		// A body read to EOF, or read off a connection the caller
		// manages, holds nothing: only -strict reports it unclosed.
		costs := fa.c.strict || f.leakStates[obl]&(sOpen|sHeld) != 0
		if leaks && costs && !fa.expectsFailure(o) {
			diags = append(diags, fa.unclosed(ev, f, obl))
		}
		if f.deferUnreadAtExit[obl] && fa.c.drain {
			for _, d := range f.unreadDefers[obl] {
				diags = append(diags, fa.undrained(o, d))
			}
		}
	}
	if fa.c.drain {
		for _, uc := range f.unreadCloses {
			diags = append(diags, fa.undrained(fa.obls[uc.obl], uc))
		}
	}
	return diags
}

// unclosed reports a source whose body leaks at some returns, is
// overwritten by the next iteration of a loop, or is replaced, while still
// owed.
func (fa *funcAnalysis) unclosed(ev *events, f *findings, obl int) analysis.Diagnostic {
	o := fa.obls[obl]
	exits := f.leaks[obl]
	pass := fa.c.pass
	pos, end := o.pos, token.NoPos
	if o.call != nil {
		pos, end = fa.c.syntax.span(o.call)
	}
	var related []analysis.RelatedInformation
	lines := make(map[int]bool)
	leaksHere := "the body leaks when the function returns here"
	if o.owned {
		leaksHere = "the body leaks when the loop body ends here"
	}
	for _, x := range exits {
		p := exitPos(x)
		if !p.IsValid() {
			continue
		}
		related = append(related, analysis.RelatedInformation{Pos: p, Message: leaksHere})
		lines[pass.Fset.Position(p).Line] = true
	}
	replacedLines := make(map[int]bool)
	for _, x := range f.replaced[obl] {
		related = append(related, analysis.RelatedInformation{Pos: x.Pos(), Message: "the body leaks when it is overwritten here"})
		replacedLines[pass.Fset.Position(x.Pos()).Line] = true
	}
	var wheres []string
	switch {
	case len(lines) == 0:
	case o.owned:
		wheres = append(wheres, "when the loop body ends at line "+joinLines(lines))
	case len(lines) == 1:
		wheres = append(wheres, "on the path that returns at line "+joinLines(lines))
	default:
		wheres = append(wheres, "on the paths that return at lines "+joinLines(lines))
	}
	if f.overwrites[obl] {
		wheres = append(wheres, "before the next call in the loop replaces it")
	}
	if len(replacedLines) > 0 {
		wheres = append(wheres, "before "+o.bodyExpr()+" is overwritten at line "+joinLines(replacedLines))
	}
	where := strings.Join(wheres, ", and ")
	if where == "" {
		where = "before the function returns"
	}
	subject := o.subject()
	cost := leakCost(f.leakStates[obl])
	fix := fmt.Sprintf("close it, e.g. defer %s.Close() after the error check", o.bodyExpr())
	if o.name == "" && o.discarded() {
		subject = "the response from " + o.calleeOr("this call")
		return analysis.Diagnostic{
			Pos: pos, End: end, Category: CategoryUnclosed,
			Message: fmt.Sprintf("%s is discarded and its body is never closed: %s; assign it and close its Body", subject, cost),
		}
	}
	var fixes []analysis.SuggestedFix
	if !f.overwrites[obl] && len(f.replaced[obl]) == 0 {
		fixes = fa.unclosedFix(ev, o, obl, exits, pos, end)
	}
	return analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUnclosed,
		Message:        fmt.Sprintf("%s is not closed %s: %s; %s", subject, where, cost, fix),
		Related:        related,
		SuggestedFixes: fixes,
	}
}

// undrained reports a close (direct, deferred, or by a helper) that may run
// before the body was read to EOF.
func (fa *funcAnalysis) undrained(o *obligation, uc unreadClose) analysis.Diagnostic {
	pos, end := fa.c.syntax.span(uc.instr)
	how := "closed"
	switch {
	case uc.via != "":
		how = "closed by " + uc.via
	case isDefer(uc.instr):
		how = "closed by this deferred call"
	}
	return analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUndrained,
		SuggestedFixes: fa.undrainedFix(uc.instr, uc.via, pos, end),
		Message: fmt.Sprintf("%s is %s before it is read to EOF: the connection cannot be reused and the next request dials a new one; drain it first, e.g. io.Copy(io.Discard, %s)",
			o.subject(), how, o.bodyExpr()),
	}
}

// expectsFailure reports whether a source is in a test file and its
// response is never used: a test that looks only at the error expects the
// call to fail, and then there is no body.
func (fa *funcAnalysis) expectsFailure(o *obligation) bool {
	if o.call == nil || !o.discarded() {
		return false
	}
	name := fa.c.pass.Fset.Position(o.call.Pos()).Filename
	return strings.HasSuffix(name, "_test.go")
}

// discarded reports whether the source's response is never used at all.
func (o *obligation) discarded() bool {
	for _, v := range o.seeds {
		if refs := v.Referrers(); refs != nil && len(*refs) > 0 {
			return false
		}
	}
	return true
}

func isDefer(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}

// leakCost says what an unclosed body costs, from the states it leaks in.
func leakCost(s state) string {
	switch {
	case s&^sRead == 0:
		// net/http has already put the connection back in the pool.
		return "it was read to EOF, so the connection is reused, but the caller must still close it"
	case s&^(sRead|sEmpty) == 0:
		return "it holds no pooled connection, but it stays open until it is closed"
	}
	return "the connection and its goroutines leak"
}

// subject names the body in a message: "resp.Body", or "the body of the
// response from c.Do" when the response has no name.
func (o *obligation) subject() string {
	if o.name != "" {
		if o.kind == kBody {
			return o.name
		}
		return o.name + ".Body"
	}
	return "the body of the response from " + o.calleeOr("this call")
}

// bodyExpr is the expression for the body in a suggested statement.
func (o *obligation) bodyExpr() string {
	switch {
	case o.name == "":
		return "resp.Body"
	case o.kind == kBody:
		return o.name
	}
	return o.name + ".Body"
}

func (o *obligation) calleeOr(dflt string) string {
	if o.callee != "" {
		return o.callee
	}
	return dflt
}

func joinLines(lines map[int]bool) string {
	ns := make([]int, 0, len(lines))
	for n := range lines {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	ss := make([]string, len(ns))
	for i, n := range ns {
		ss[i] = fmt.Sprint(n)
	}
	return strings.Join(ss, ", ")
}
