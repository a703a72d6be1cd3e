package respbody

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
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
		var undrained []analysis.Diagnostic
		var closes []ssa.Instruction
		// A value that owns the body (ownsBody) is drained, or not, by its
		// own Close: the finding, if any, is there.
		if fa.c.drain && !o.owner() {
			if len(f.deferUnreadAtExit[obl]) > 0 {
				for _, d := range f.unreadDefers[obl] {
					undrained = append(undrained, fa.undrained(o, d, f.deferUnreadAtExit[obl]))
					closes = append(closes, d.instr)
				}
			}
			for _, uc := range f.unreadCloses {
				if uc.obl == obl {
					undrained = append(undrained, fa.undrained(o, uc, nil))
					closes = append(closes, uc.instr)
				}
			}
		}
		// Every body never closed is reported, whatever it still holds:
		// net/http's contract requires the close, and other RoundTrippers
		// may hold resources until it. The message says what it costs.
		lk := fa.leaksOf(f, obl)
		if lk.any() && !fa.expectsFailure(o) {
			d := fa.unclosed(ev, obl, lk)
			fa.oneFix(&d, undrained, closes)
			diags = append(diags, d)
		}
		diags = append(diags, undrained...)
	}
	return append(diags, fa.deferredInLoop(ev, diags)...)
}

// A leak is where one source's body is reported unclosed, and in which
// states.
type leak struct {
	exits      []ssa.Instruction // returns where it is still owed
	replaced   []ssa.Instruction // stores that replace it while owed
	overwrites bool              // the next call in a loop replaces it while owed
	reassigned []ssa.Instruction // stores that take it from a closure deferred over its variable
	states     state             // the states it leaks in at those places
	at         map[leakSite]state
}

func (l *leak) any() bool { return len(l.exits) > 0 || len(l.replaced) > 0 || l.overwrites }

// leaksOf returns where the body of source obl leaks. A place where the
// body holds nothing at all counts only with -strict: a path where the
// response is known to have no body (a 204 or 304, Content-Length 0:
// net/http's http.NoBody, whose Close does nothing), or a body
// http.ReadResponse read off a connection the caller manages.
func (fa *funcAnalysis) leaksOf(f *findings, obl int) *leak {
	o := fa.obls[obl]
	l := &leak{at: f.leakAt}
	counts := func(x ssa.Instruction) bool {
		s := f.leakAt[leakSite{obl, x}]
		if s&^sEmpty == 0 && !fa.c.strict {
			return false
		}
		l.states |= s
		return true
	}
	for _, x := range f.leaks[obl] {
		if counts(x) {
			l.exits = append(l.exits, x)
		}
	}
	for _, x := range f.replaced[obl] {
		if counts(x) {
			l.replaced = append(l.replaced, x)
		}
	}
	if f.overwrites[obl] && o.call != nil {
		l.overwrites = counts(o.call)
	}
	l.reassigned = f.reassigned[obl]
	return l
}

// unclosed reports a source whose body leaks at some returns, is
// overwritten by the next iteration of a loop, or is replaced, while still
// owed.
func (fa *funcAnalysis) unclosed(ev *events, obl int, lk *leak) analysis.Diagnostic {
	o := fa.obls[obl]
	if o.goStmt != nil {
		return fa.unreceived(o, lk)
	}
	exits := lk.exits
	pass := fa.c.pass
	pos, end := o.pos, token.NoPos
	if o.call != nil {
		pos, end = fa.c.syntax.span(o.call)
	}
	var related []analysis.RelatedInformation
	lines := make(map[int]bool)
	when := "when the function returns here"
	if o.owned {
		when = "when the loop body ends here"
	}
	for _, x := range exits {
		p := exitPos(x)
		if !p.IsValid() {
			continue
		}
		related = append(related, analysis.RelatedInformation{Pos: p, Message: leakHere(lk.at[leakSite{obl, x}], when)})
		lines[pass.Fset.Position(p).Line] = true
	}
	replacedLines := make(map[int]bool)
	wrapped := false // replaced by a reader over it that cannot close it
	for _, x := range lk.replaced {
		when := "when it is overwritten here"
		if fa.readerOverBody(x, obl) {
			wrapped = true
			when = "when it is replaced here by a reader over it whose Close does not close it"
		}
		related = append(related, analysis.RelatedInformation{Pos: x.Pos(), Message: leakHere(lk.at[leakSite{obl, x}], when)})
		replacedLines[pass.Fset.Position(x.Pos()).Line] = true
	}
	var wheres []string
	switch {
	case len(lines) == 0:
	case o.owned:
		wheres = append(wheres, "when the loop body ends at line "+joinLines(lines))
	default:
		wheres = append(wheres, pathsThatReturn(lines))
	}
	if len(exits) == 1 {
		if cond := fa.statusContext(exits[0].Block(), obl); cond != "" {
			wheres[len(wheres)-1] += " (" + cond + ")"
		}
	}
	if lk.overwrites {
		wheres = append(wheres, "before the next call in the loop replaces it")
	}
	switch {
	case len(replacedLines) > 0 && wrapped:
		wheres = append(wheres, "before "+o.bodyExpr()+" is replaced at line "+joinLines(replacedLines)+
			" by a reader over it whose Close does not close it (a later "+o.bodyExpr()+".Close() cannot reach it)")
	case len(replacedLines) > 0:
		wheres = append(wheres, "before "+o.bodyExpr()+" is overwritten at line "+joinLines(replacedLines))
	}
	where := strings.Join(wheres, ", and ")
	if where == "" {
		where = "before the function returns"
	}
	if len(lk.reassigned) > 0 {
		where += fa.reassignedNote(o, lk.reassigned)
		for _, x := range lk.reassigned {
			related = append(related, analysis.RelatedInformation{Pos: x.Pos(), Message: "the variable is reassigned here: the deferred closure closes only what it holds when it runs"})
		}
	}
	subject := o.subject()
	cost := leakCost(lk.states)
	if o.dropped {
		cost += "; the transport this function builds and drops keeps its idle connections, and their goroutines, until the server closes them"
	}
	if o.name == "" && o.call != nil && o.discarded() {
		subject = "the response from " + o.calleeOr("this call")
		return analysis.Diagnostic{
			Pos: pos, End: end, Category: CategoryUnclosed,
			Message: fmt.Sprintf("%s is discarded and its body is never closed: %s; assign it and close its Body", subject, cost),
		}
	}
	var fixes []analysis.SuggestedFix
	if !lk.overwrites && len(lk.replaced) == 0 && len(lk.reassigned) == 0 {
		fixes = fa.unclosedFix(ev, o, obl, exits, pos, end)
	}
	advice := fa.closeAdvice(o, lk.overwrites)
	if len(lk.reassigned) > 0 && o.name != "" {
		body := o.bodyExpr()
		advice = fmt.Sprintf("close it before %s is reassigned: %s.Close()", o.name, body)
		if fa.c.drain {
			advice = fmt.Sprintf("close it before %s is reassigned, draining it first: %s; %s.Close()", o.name, drainStmt(body), body)
		}
	}
	if wrapped && len(exits) == 0 && !lk.overwrites {
		advice = fmt.Sprintf("keep its Close in the new body: %s = struct{ io.Reader; io.Closer }{r, %s}, r the new reader", o.bodyExpr(), o.bodyExpr())
	}
	return analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUnclosed,
		Message:        fmt.Sprintf("%s is not closed %s: %s; %s", subject, where, cost, advice),
		Related:        boundRelated(related),
		SuggestedFixes: fixes,
	}
}

// unreceived reports a response in flight (see stage1_sends.go) that this
// function may return without receiving.
func (fa *funcAnalysis) unreceived(o *obligation, lk *leak) analysis.Diagnostic {
	pass := fa.c.pass
	lines := make(map[int]bool)
	var related []analysis.RelatedInformation
	for _, x := range lk.exits {
		p := exitPos(x)
		if !p.IsValid() {
			continue
		}
		related = append(related, analysis.RelatedInformation{Pos: p, Message: "the function returns here without receiving the response"})
		lines[pass.Fset.Position(p).Line] = true
	}
	fate := "it stays in the channel"
	if c, ok := o.ch.Size.(*ssa.Const); ok && c.Int64() == 0 {
		fate = "the goroutine blocks on its send forever"
	}
	where := "before the function returns"
	if len(lines) > 0 {
		where = pathsThatReturn(lines)
	}
	return analysis.Diagnostic{
		Pos: o.goStmt.Pos(), Category: CategoryUnclosed,
		Message: fmt.Sprintf("the response this goroutine sends on %s is not received %s: %s and its body is never closed, "+
			"so the connection and its goroutines leak; receive it and close its body on that path, "+
			"or have the goroutine close it when nobody waits (a select on the send and on ctx.Done())",
			o.name, where, fate),
		Related: boundRelated(related),
	}
}

// reassignedNote says why a close deferred over a variable does not
// reach the body: the variable is reassigned before the closure runs.
func (fa *funcAnalysis) reassignedNote(o *obligation, xs []ssa.Instruction) string {
	lines := make(map[int]bool)
	for _, x := range xs {
		lines[fa.c.pass.Fset.Position(x.Pos()).Line] = true
	}
	name := o.name
	if name == "" {
		name = "its variable"
	}
	return " (the closure deferred over " + name + " closes only what " + name + " holds when it runs, and " + name + " is reassigned at line " + joinLines(lines) + ")"
}

// readerOverBody reports whether replacement x, a store into a response's
// Body, stores a reader over the body of source obl (one whose Close does
// not close it, or the store would not replace it).
func (fa *funcAnalysis) readerOverBody(x ssa.Instruction, obl int) bool {
	st, ok := x.(*ssa.Store)
	if !ok {
		return false
	}
	for _, r := range fa.refs[st.Val] {
		if r.obl == obl {
			return true
		}
	}
	return false
}

// closeAdvice says how to close a body: with a deferred drain-and-close
// after the error check, or, in a loop (where defers pile up until the
// function returns), before the loop goes on. It names the body only when
// it has a name.
func (fa *funcAnalysis) closeAdvice(o *obligation, inLoop bool) string {
	if o.name == "" {
		return "close its body"
	}
	if o.owner() {
		// Its own Close closes the body, and drains it if it should.
		if inLoop || (o.call != nil && fa.inLoop(o.call.Block())) {
			return fmt.Sprintf("close it before the loop goes on: %s.Close()", o.name)
		}
		return fmt.Sprintf("close it, e.g. defer %s.Close() after the error check", o.name)
	}
	body := o.bodyExpr()
	if !inLoop && o.call != nil {
		inLoop = fa.inLoop(o.call.Block())
	}
	switch {
	case inLoop && fa.c.drain:
		return fmt.Sprintf("close it before the loop goes on, draining it first: %s; %s.Close()", drainStmt(body), body)
	case inLoop:
		return fmt.Sprintf("close it before the loop goes on: %s.Close()", body)
	case fa.c.drain:
		return fmt.Sprintf("close it after the error check, draining it first: defer func() { %s; %s.Close() }()", drainStmt(body), body)
	}
	return fmt.Sprintf("close it, e.g. defer %s.Close() after the error check", body)
}

// drainStmt is the one drain respbody advises and writes: bounded, see
// stage6_fixes.go.
func drainStmt(body string) string {
	return fmt.Sprintf("_, _ = io.CopyN(io.Discard, %s, %s)", body, drainLimit)
}

// inLoop reports whether block b is in a cycle of the function's graph.
func (fa *funcAnalysis) inLoop(b *ssa.BasicBlock) bool {
	lp := findLoops(fa.fn.Blocks)
	return lp.cyclic[lp.comp[b.Index]]
}

// pathsThatReturn names the returns at the given lines.
func pathsThatReturn(lines map[int]bool) string {
	if len(lines) == 1 {
		return "on the path that returns at line " + joinLines(lines)
	}
	return "on the paths that return at lines " + joinLines(lines)
}

// undrained reports a close (direct, deferred, or by a helper) that may run
// before the body was read to EOF. A deferred close names the returns where
// it runs unread (exits); a direct one, the status check it follows.
func (fa *funcAnalysis) undrained(o *obligation, uc unreadClose, exits []ssa.Instruction) analysis.Diagnostic {
	pass := fa.c.pass
	pos, end := fa.c.syntax.span(uc.instr)
	how := "closed"
	switch {
	case uc.via != "":
		how = "closed by " + uc.via
	case isDefer(uc.instr):
		how = "closed by this deferred call"
	}
	where := ""
	var related []analysis.RelatedInformation
	if len(exits) > 0 {
		lines := make(map[int]bool)
		for _, x := range exits {
			if p := exitPos(x); p.IsValid() {
				related = append(related, analysis.RelatedInformation{Pos: p, Message: "the deferred close runs here before the body is read to EOF"})
				lines[pass.Fset.Position(p).Line] = true
			}
		}
		if len(lines) > 0 {
			where = " " + pathsThatReturn(lines)
		}
		if len(exits) == 1 {
			if cond := fa.statusContext(exits[0].Block(), uc.obl); cond != "" {
				where += " (" + cond + ")"
			}
		}
	} else if cond := fa.statusContext(uc.instr.Block(), uc.obl); cond != "" {
		where = " " + cond
	}
	return analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUndrained,
		Related:        boundRelated(related),
		SuggestedFixes: fa.undrainedFix(uc.instr, uc.via, pos, end),
		Message: fmt.Sprintf("%s is %s before it is read to EOF%s: the connection cannot be reused and the next request dials a new one; drain it first: %s",
			o.subject(), how, where, drainStmt(o.bodyExpr())),
	}
}

// statusContext names the status check that leads to block b, for the
// response of obligation obl: "when resp.StatusCode != 200". It returns ""
// when no comparison of its StatusCode with a constant dominates b.
func (fa *funcAnalysis) statusContext(b *ssa.BasicBlock, obl int) string {
	for cond, edge := range guards(b) {
		x, op, n, ok := constComparison(cond)
		if !ok {
			continue
		}
		found := false
		for _, o := range fa.fieldOf(x, "StatusCode") {
			found = found || o == obl
		}
		if !found {
			continue
		}
		if edge == elseEdge {
			op = negate(op)
		}
		name := fa.obls[obl].name
		if name == "" || fa.obls[obl].kind != kResp {
			name = "the response"
		}
		return fmt.Sprintf("when %s.StatusCode %s %d", name, op, n)
	}
	return ""
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

func isDefer(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}

// leakCost says what an unclosed body costs, from the states it leaks in:
// what the worst of them costs.
func leakCost(s state) string {
	switch {
	case s&(sOpen|sHeld) != 0:
		// Unread, or read in part (a decoder gave up, a stream loop
		// ended): nothing gives the connection (or stream) back.
		return "the connection and its goroutines leak"
	case s&sBounded != 0:
		return "it was read only up to a bound, not to EOF, so a longer body keeps the connection and its goroutines until it is closed"
	case s&sFailed != 0 && s&sRead != 0:
		// Each return says which (leakHere).
		return "where a read of it failed, the connection may stay held until it is closed (a decoding error of net/http's transparent gzip does not end the connection); where it was read to EOF, net/http's contract still requires the close"
	case s&sFailed != 0:
		return "a failed read of it may leave the connection held until it is closed (a decoding error of net/http's transparent gzip does not end the connection)"
	case s&sRead != 0:
		// net/http has already put the connection back in the pool.
		return "it was read to EOF, so net/http's Transport already gave the connection back, but net/http's contract requires the close, and other RoundTrippers may hold resources until it"
	}
	return "it holds no pooled connection, but net/http's contract requires the close, and other RoundTrippers may hold resources until it"
}

// leakHere is the message of a related position where the body leaks in
// states s: what is true there ("the body leaks when the function returns
// here", "the body is not closed when the function returns here (it was
// read to EOF)").
func leakHere(s state, when string) string {
	var why string
	switch {
	case s&(sOpen|sHeld) != 0 || s == 0:
		return "the body leaks " + when
	case s&sBounded != 0:
		why = "it was read only up to a bound"
	case s&sFailed != 0 && s&(sRead|sBounded) != 0:
		why = "it was read, and the read may have failed"
	case s&sFailed != 0:
		why = "a read of it failed"
	case s&sRead != 0:
		why = "it was read to EOF"
	default:
		why = "it holds no pooled connection"
	}
	return "the body is not closed " + when + " (" + why + ")"
}

// maxRelated bounds the related positions of one finding, and the lines
// its message names, so that output grows with the findings, not with
// their product with the returns of a long function.
const maxRelated = 10

// boundRelated sorts related positions by position and keeps the first
// maxRelated; the last one kept then says how many more there are.
func boundRelated(rel []analysis.RelatedInformation) []analysis.RelatedInformation {
	slices.SortStableFunc(rel, func(a, b analysis.RelatedInformation) int { return cmp.Compare(a.Pos, b.Pos) })
	if len(rel) <= maxRelated {
		return rel
	}
	more := len(rel) - maxRelated
	rel = slices.Clone(rel[:maxRelated])
	rel[maxRelated-1].Message += fmt.Sprintf(" (and %d more like it, not shown)", more)
	return rel
}

// joinLines names lines in order, at most maxRelated of them, then how
// many more there are.
func joinLines(lines map[int]bool) string {
	ns := make([]int, 0, len(lines))
	for n := range lines {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	more := 0
	if len(ns) > maxRelated {
		more, ns = len(ns)-maxRelated, ns[:maxRelated]
	}
	ss := make([]string, len(ns))
	for i, n := range ns {
		ss[i] = fmt.Sprint(n)
	}
	if more > 0 {
		return strings.Join(ss, ", ") + fmt.Sprintf(" and %d more", more)
	}
	return strings.Join(ss, ", ")
}
