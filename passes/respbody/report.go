package respbody

import (
	"fmt"
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

// report turns the findings of a function into diagnostics.
func (fa *funcAnalysis) report(f *findings) {
	for obl, o := range fa.obls {
		if !o.isSource() {
			continue
		}
		if exits := f.leaks[obl]; (len(exits) > 0 || f.overwrites[obl]) && !fa.expectsFailure(o) {
			fa.reportUnclosed(o, obl, exits, f.overwrites[obl], !f.leakUnread[obl] && !fa.gaveUp[obl])
		}
		if f.unreadDefs[obl] && fa.c.drain && !o.noDrain {
			for _, d := range o.defers {
				fa.reportUndrained(o, d, "")
			}
		}
	}
	if fa.c.drain {
		for _, uc := range f.unreadAt {
			if o := fa.obls[uc.obl]; !o.noDrain {
				fa.reportUndrained(o, uc.instr, uc.via)
			}
		}
	}
}

// reportUnclosed reports a source whose body leaks at the given exits, or is
// overwritten by the next iteration of a loop while still open; read says
// that on every such path it was read to EOF first (not merely given up on
// after a failed read: then the connection may still be held).
func (fa *funcAnalysis) reportUnclosed(o *obligation, obl int, exits []ssa.Instruction, overwritten, read bool) {
	pass := fa.c.pass
	pos, end := fa.c.syntax.span(o.call)
	var where string
	var related []analysis.RelatedInformation
	lines := make(map[int]bool)
	for _, x := range exits {
		p := exitPos(x)
		if !p.IsValid() {
			continue
		}
		related = append(related, analysis.RelatedInformation{Pos: p, Message: "the body leaks when the function returns here"})
		lines[pass.Fset.Position(p).Line] = true
	}
	switch {
	case len(lines) > 0:
		where = "on the path that returns at line " + joinLines(lines)
		if len(lines) > 1 {
			where = "on the paths that return at lines " + joinLines(lines)
		}
		if overwritten {
			where += ", and before the next call in the loop replaces it"
		}
	case overwritten:
		where = "before the next call in the loop replaces it"
	default:
		where = "before the function returns"
	}
	subject := o.subject()
	fix := fmt.Sprintf("close it, e.g. defer %s.Close() after the error check", o.bodyExpr())
	if o.name == "" && o.discarded() {
		subject = "the response from " + o.calleeOr("this call")
		where = "is discarded and its body is never closed"
		fix = "assign it and close its Body"
		pass.Report(analysis.Diagnostic{
			Pos: pos, End: end, Category: CategoryUnclosed,
			Message: fmt.Sprintf("%s %s: %s; %s", subject, where, o.leakCost(false), fix),
		})
		return
	}
	var fixes []analysis.SuggestedFix
	if !overwritten {
		fixes = fa.unclosedFix(o, obl, pos, end)
	}
	pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUnclosed,
		Message:        fmt.Sprintf("%s is not closed %s: %s; %s", subject, where, o.leakCost(read), fix),
		Related:        related,
		SuggestedFixes: fixes,
	})
}

// reportUndrained reports a close (direct, deferred, or by a helper) that
// may run before the body was read to EOF.
func (fa *funcAnalysis) reportUndrained(o *obligation, at ssa.Instruction, via string) {
	pos, end := fa.c.syntax.span(at)
	how := "closed"
	switch {
	case via != "":
		how = "closed by " + via
	case isDefer(at):
		how = "closed by this deferred call"
	}
	fa.c.pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUndrained,
		SuggestedFixes: fa.undrainedFix(at, via, pos, end),
		Message: fmt.Sprintf("%s is %s before it is read to EOF: the connection cannot be reused and the next request dials a new one; drain it first, e.g. io.Copy(io.Discard, %s)",
			o.subject(), how, o.bodyExpr()),
	})
}

// expectsFailure reports whether a source is in a test file and its
// response is never used: a test that looks only at the error expects the
// call to fail, and then there is no body.
func (fa *funcAnalysis) expectsFailure(o *obligation) bool {
	if !o.discarded() {
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

// leakCost says what an unclosed body costs; read says it was read to EOF
// (then net/http has already put the connection back in the pool).
func (o *obligation) leakCost(read bool) string {
	switch {
	case o.unpooled:
		return "its reader stays open and the caller of " + o.calleeOr("http.ReadResponse") + " must close it"
	case read:
		return "it was read to EOF, so the connection is reused, but the caller must still close it"
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
