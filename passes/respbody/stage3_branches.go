package respbody

// This file finds what a branch tells about an obligation: nil on the edge
// where the call failed, read to EOF on the edge where input ended, a
// status or a size on the edge a comparison takes, and the edges on which a
// call's summary applies by the class of its error (errclass.go says which
// class an error is; valuetrace.go which value a comparison reads).

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"
)

// ifEvents finds the refinements of a branch: a nil check of a response or
// of a source's error, a Scan or More loop ending, a read returning io.EOF.
func (eb *eventBuilder) ifEvents(b *ssa.BasicBlock, ifInstr *ssa.If) {
	on := func(succ int, o op, obls []int) {
		eb.emitEdge(b, succ, event{op: o, obls: obls, instr: ifInstr})
	}
	switch cond := ifInstr.Cond.(type) {
	case *ssa.BinOp:
		// if resp.ContentLength <= 2048 { drain }: on the branch where the
		// body is known to be longer than a bound, the code gives up on
		// draining it on purpose, as net/http's redirect path does.
		if succ, obls := eb.largeBody(cond); len(obls) > 0 {
			on(succ, opGiveUp, obls)
		}
		if obls, set, ok := eb.statusTest(cond); ok {
			eb.statusEdge(b, thenEdge, obls, set)
			eb.statusEdge(b, elseEdge, obls, set.not())
		}
		x, y, eqEdge, ok := comparison(cond)
		if !ok {
			break
		}
		if isNil(y) && eb.isDecidingErr(x) {
			// if err != nil in a closure over the function's error:
			// each class of error has its own run of the dataflow.
			eb.ev.byWorld = true
			for succ, class := range [2]exitClass{classOK, classErr} {
				if eqEdge != thenEdge {
					class = classBoth &^ class
				}
				k := edge{b.Index, succ}
				eb.ev.edges[k] = append(eb.ev.edges[k], event{op: opAssume, class: class, instr: ifInstr})
			}
		}
		if sel, i, ok := selectCase(x, y); ok {
			// The chosen case of a select: its send hands the value off.
			if st := sel.States[i]; st.Send != nil {
				on(eqEdge, opEscape, eb.oblsOf(nil, st.Send))
			} else {
				// Its receive takes a response in flight.
				on(eqEdge, opEscape, eb.sendsOn(st.Chan))
			}
		}
		switch {
		case isNil(y):
			on(eqEdge, opNil, eb.nilChecked(x))
			on(1-eqEdge, opNil, eb.errChecked(x))
			on(eqEdge, opCallSucceeded, eb.succeeded(x))
			// A read that failed owes no drain. Where the body's own
			// Read failed, the connection may be gone (a reset, a
			// timeout) or held until the close (a decoding error of
			// net/http's transparent gzip does not reach it); where a
			// decoder failed, the caller gave up on a malformed body,
			// which holds the connection until it is closed.
			failed, held := eb.failedReaders(x)
			on(1-eqEdge, opReadFailed, failed)
			on(1-eqEdge, opGiveUp, held)
		case isEOF(y):
			eb.onEnd(b, eqEdge, ifInstr, eb.readerRefs(x))
		case isIntConst(y, 101) && eb.fieldOf(x, "StatusCode") != nil:
			// A 101 response's body is the upgraded connection, which
			// the caller now uses as it likes.
			on(eqEdge, opEscape, eb.fieldOf(x, "StatusCode"))
		case (isIntConst(y, 204) || isIntConst(y, 304)) && eb.fieldOf(x, "StatusCode") != nil:
			// 204 and 304 have no body: the transport has given the
			// connection back already.
			on(eqEdge, opNoBody, eb.fieldOf(x, "StatusCode"))
		case isIntConst(y, 0) && eb.fieldOf(x, "ContentLength") != nil:
			on(eqEdge, opNoBody, eb.fieldOf(x, "ContentLength"))
		}
	case *ssa.Call:
		common := cond.Common()
		if callee := common.StaticCallee(); callee != nil {
			key := funcKey(callee)
			switch {
			case exhausted[key] && len(common.Args) > 0:
				eb.onEnd(b, elseEdge, ifInstr, eb.refs[common.Args[0]])
			case errorIs[key] && len(common.Args) == 2 && isEOF(unwrapIface(common.Args[1])):
				eb.onEnd(b, thenEdge, ifInstr, eb.readerRefs(common.Args[0]))
			case errorIs[key] && len(common.Args) == 2 && !isNil(common.Args[1]):
				// True only for a non-nil error: the call failed.
				on(thenEdge, opNil, eb.errChecked(common.Args[0]))
			case isErrorPredicate(callee):
				// os.IsNotExist(err), errdefs.IsUnauthorized(err): true
				// only for a non-nil error.
				on(thenEdge, opNil, eb.errChecked(common.Args[0]))
			}
		}
	}
}

// largeBody returns the successor on which cond says the response's
// ContentLength exceeds a positive constant, and the obligations whose
// ContentLength it is.
func (fa *funcAnalysis) largeBody(cond *ssa.BinOp) (int, []int) {
	x, op, n, ok := constComparison(cond)
	if !ok || n <= 0 {
		return 0, nil
	}
	obls := fa.fieldOf(x, "ContentLength")
	if len(obls) == 0 {
		return 0, nil
	}
	switch op {
	case token.GTR, token.GEQ:
		return thenEdge, obls
	case token.LSS, token.LEQ:
		return elseEdge, obls
	}
	return 0, nil
}

// statusTest reports whether cond compares the status of responses with
// an integer constant (resp.StatusCode >= 400, a case of a switch on it),
// and returns their obligations and the statuses for which it is true.
func (fa *funcAnalysis) statusTest(cond *ssa.BinOp) ([]int, StatusSet, bool) {
	x, op, n, ok := constComparison(cond)
	if !ok {
		return nil, anyStatus, false
	}
	resp, obls := fa.responseField(x, "StatusCode")
	if len(obls) != 1 || !fa.certain(resp, 6) {
		// A value that may be one response or another (a merge of two
		// calls, a response of an earlier iteration) tells nothing
		// certain of either.
		return nil, anyStatus, false
	}
	set := statusesWhere(op, n)
	return obls, set, !set.isAny()
}

// statusEdge records that on an edge the responses of obls have one of the
// statuses set.
func (eb *eventBuilder) statusEdge(b *ssa.BasicBlock, succ int, obls []int, set StatusSet) {
	if len(obls) == 0 || set.isAny() {
		return
	}
	eb.emitEdge(b, succ, event{op: opStatus, obls: obls, status: set, instr: b.Instrs[len(b.Instrs)-1]})
}

// statusForks returns, for a return of a call's error (return
// check(resp)), what the callee's summary says of the statuses of the
// responses it was given, by class of exit: the return forks by class, and
// each fork takes its class's statuses.
func (eb *eventBuilder) statusForks(call *ssa.Call) []event {
	var out []event
	for obl, by := range eb.paramStatuses(call.Common()) {
		out = append(out, event{op: opStatus, obls: []int{obl}, instr: call, statusByErr: by, splittable: true})
	}
	return out
}

// paramStatuses returns, for the call's arguments that hold one response
// whose statuses by class of exit the callee's summary tells, those
// statuses by obligation.
func (eb *eventBuilder) paramStatuses(common *ssa.CallCommon) map[int][2]StatusSet {
	s := eb.c.callSummary(common)
	if s == nil {
		return nil
	}
	args := common.Args
	if common.IsInvoke() {
		args = append([]ssa.Value{common.Value}, common.Args...)
	}
	var out map[int][2]StatusSet
	for i, a := range args {
		p := s.param(i)
		if p.Status == [2]StatusSet{} {
			continue
		}
		var obls []int
		for _, r := range eb.refs[a] {
			if !r.cell && (r.kind == kResp || r.kind == kBody || r.kind.isWrapper()) {
				obls = appendUnique(obls, r.obl)
			}
		}
		if len(obls) != 1 || !eb.certain(a, 6) {
			continue // one response or another: nothing certain of either
		}
		if out == nil {
			out = make(map[int][2]StatusSet)
		}
		if prev, ok := out[obls[0]]; ok {
			// The same response in two parameters: both hold.
			p.Status = [2]StatusSet{prev[okExit].and(p.Status[okExit]), prev[errExit].and(p.Status[errExit])}
		}
		out[obls[0]] = p.Status
	}
	return out
}

// isErrorPredicate reports whether fn is a predicate on one error, named
// IsSomething (os.IsNotExist, errdefs.IsUnauthorized, IsTimeout): such a
// predicate is true only for a non-nil error.
func isErrorPredicate(fn *ssa.Function) bool {
	sig := fn.Signature
	if sig.Recv() != nil || sig.Params().Len() != 1 || sig.Results().Len() != 1 || !isError(sig.Params().At(0).Type()) {
		return false
	}
	b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic)
	name := fn.Name()
	return ok && b.Kind() == types.Bool && len(name) > 2 && strings.HasPrefix(name, "Is") && unicode.IsUpper(rune(name[2]))
}

// splitAtErrorCheck moves the events of a call whose summary depends on the
// class of its error onto the edges of the check that ends the block
// (`if err := check(resp); err != nil`): on the edge where the error is not
// nil, the exits that return one; on the other, the rest. At a return of
// that error (`return check(resp)`), the exit forks the same way. Elsewhere
// the events keep the join of both classes. The statuses the callee's
// summary gives its parameters by class (Param.Status) go to the same
// edges and forks.
func (eb *eventBuilder) splitAtErrorCheck(b *ssa.BasicBlock) {
	switch last := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.If:
		cond, ok := last.Cond.(*ssa.BinOp)
		if !ok {
			return
		}
		x, y, eqEdge, ok := comparison(cond)
		if !ok || !isNil(y) || !isError(x.Type()) {
			return
		}
		// What the callee's summary says of the statuses of the responses
		// it was given: where the error is nil, one the callee accepts.
		if call := errorOf(eb.storedValue(unwrapIface(x))); call != nil {
			for obl, by := range eb.paramStatuses(call.Common()) {
				eb.statusEdge(b, eqEdge, []int{obl}, by[okExit])
				eb.statusEdge(b, 1-eqEdge, []int{obl}, by[errExit])
			}
		}
		moved := eb.takeSplittable(b, errorOf(eb.storedValue(x)), errSplittable)
		if len(moved) == 0 {
			return
		}
		errEdge := 1 - eqEdge
		for succ := range 2 {
			class := okExit
			if succ == errEdge {
				class = errExit
			}
			k := edge{b.Index, succ}
			eb.ev.edges[k] = append(forClass(moved, class), eb.ev.edges[k]...)
		}
	case *ssa.Return:
		n := len(last.Results)
		if n == 0 || !isError(last.Results[n-1].Type()) {
			return
		}
		evs := eb.ev.blocks[b.Index]
		if len(evs) == 0 || evs[len(evs)-1].instr != last {
			return
		}
		call := errorOf(eb.storedValue(unwrapIface(last.Results[n-1])))
		if call == nil {
			return
		}
		if s := eb.c.callSummary(call.Common()); s != nil && s.Fails {
			return // only the class of a non-nil error: no fork
		}
		exit := evs[len(evs)-1]
		eb.ev.blocks[b.Index] = evs[:len(evs)-1]
		exit.forks = eb.takeSplittable(b, call, errSplittable)
		if call.Block() == b {
			exit.forks = append(exit.forks, eb.statusForks(call)...)
		}
		eb.emit(b, exit)
	}
}

// takeSplittable removes from block b's events those of call that split
// (whose sets depend on the class of its error, or on its bool result), and
// returns them, if nothing else in the block touches their obligations
// after them.
func (eb *eventBuilder) takeSplittable(b *ssa.BasicBlock, call *ssa.Call, split func(event) bool) []event {
	if call == nil || call.Block() != b {
		return nil
	}
	evs := eb.ev.blocks[b.Index]
	first := -1
	for i, e := range evs {
		if e.instr == call && split(e) {
			first = i
			break
		}
	}
	if first < 0 {
		return nil
	}
	var moved []event
	touched := make(map[int]bool)
	kept := evs[:first:first]
	for _, e := range evs[first:] {
		if e.instr == call && split(e) {
			moved = append(moved, e)
			for _, obl := range e.obls {
				touched[obl] = true
			}
			continue
		}
		if e.op != opExit {
			for _, obl := range e.obls {
				if touched[obl] {
					return nil // something happens in between: keep the join
				}
			}
		}
		kept = append(kept, e)
	}
	eb.ev.blocks[b.Index] = kept
	return moved
}

// splitAtBoolCheck moves the apply events of a call with a bool result onto
// the edges of a branch on that result (ok, err := check(resp); ...; if ok),
// when the call's events reach the branch untouched: in the branch's own
// block, or on the edge into it from its only predecessor (where an error
// check put them), with nothing else in the block touching the bodies. On
// the edge where the result is true, the callee's exits that return true;
// on the other, those that return false.
func (eb *eventBuilder) splitAtBoolCheck(b *ssa.BasicBlock) {
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return
	}
	cond, negated := ifInstr.Cond, false
	for {
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		cond, negated = u.X, !negated
	}
	var call *ssa.Call
	switch x := cond.(type) {
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok && firstBoolResult(c.Call.Signature()) == x.Index {
			call = c
		}
	case *ssa.Call:
		call = x // the one result
	}
	if call == nil {
		return
	}
	var moved []event
	if call.Block() == b {
		moved = eb.takeSplittable(b, call, boolSplittable)
	} else if len(b.Preds) == 1 {
		// On the edge an error check put them on: taken if nothing in
		// this block touches their bodies.
		k := edge{b.Preds[0].Index, predIndex(b.Preds[0], b)}
		var kept []event
		for _, e := range eb.ev.edges[k] {
			if e.instr == call && boolSplittable(e) {
				moved = append(moved, e)
			} else {
				kept = append(kept, e)
			}
		}
		if len(moved) == 0 || touches(eb.ev.blocks[b.Index], moved) {
			return
		}
		eb.ev.edges[k] = kept
	}
	if len(moved) == 0 {
		return
	}
	for succ := range 2 {
		val := 1 // the then edge: cond is true
		if succ == 1 {
			val = 0
		}
		if negated {
			val = 1 - val
		}
		out := make([]event, len(moved))
		for i, e := range moved {
			e.set, e.boolSets, e.splittable = e.boolSets[val], [2]state{}, false
			out[i] = e
		}
		k := edge{b.Index, succ}
		eb.ev.edges[k] = append(out, eb.ev.edges[k]...)
	}
}

// firstBoolResult returns the index of the first bool result of a
// function of this signature, or -1: the result a summary's IfBool and a
// caller's branch on it (splitAtBoolCheck) speak of.
func firstBoolResult(sig *types.Signature) int {
	res := sig.Results()
	for i := 0; i < res.Len(); i++ {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			return i
		}
	}
	return -1
}

// predIndex returns which successor of p block b is.
func predIndex(p, b *ssa.BasicBlock) int {
	for i, s := range p.Succs {
		if s == b {
			return i
		}
	}
	return -1
}

// touches reports whether an event of evs (other than an exit) touches an
// obligation of the moved events.
func touches(evs, moved []event) bool {
	obls := make(map[int]bool)
	for _, e := range moved {
		for _, o := range e.obls {
			obls[o] = true
		}
	}
	for _, e := range evs {
		if e.op == opExit {
			continue
		}
		for _, o := range e.obls {
			if obls[o] {
				return true
			}
		}
	}
	return false
}

// boolSplittable reports whether an apply's sets depend on its callee's
// bool result (see splitAtBoolCheck).
func boolSplittable(e event) bool { return e.op == opApply && e.boolSets != [2]state{} }

// errSplittable reports whether an event's sets depend on the class of its
// call's error (see splitAtErrorCheck).
func errSplittable(e event) bool { return e.splittable }

// forClass returns the events with the sets of one class of the error.
func forClass(evs []event, class int) []event {
	out := make([]event, len(evs))
	for i, e := range evs {
		e.set, e.splittable = e.byErr[class], false
		if e.boolSets != [2]state{} {
			e.boolSets = [2]state{e.byBool[0][class], e.byBool[1][class]}
		}
		e.class = exitClass(1 << class)
		if e.op == opStatus {
			e.status = e.statusByErr[class]
		}
		out[i] = e
	}
	return out
}

// nilChecked returns the obligations whose response or body is v itself,
// so that v == nil means there is nothing to close.
func (fa *funcAnalysis) nilChecked(v ssa.Value) []int {
	var out []int
	for _, r := range fa.refs[v] {
		if !r.cell && (r.kind == kResp || r.kind == kBody || r.kind == kCloser) {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

// onEnd emits, on edge succ of b, the event for reaching the end of input
// of the refs: a drain of the bodies read directly or through an unbounded
// reader, a bounded read of those read through a bounded one (whose end is
// the bound, not the body's EOF).
func (eb *eventBuilder) onEnd(b *ssa.BasicBlock, succ int, instr ssa.Instruction, refs []ref) {
	var eof, bounded []int
	for _, r := range refs {
		if r.kind == kBounded {
			bounded = appendUnique(bounded, r.obl)
		}
	}
	for _, r := range refs {
		if !slices.Contains(bounded, r.obl) {
			eof = appendUnique(eof, r.obl)
		}
	}
	eb.emitEdge(b, succ, event{op: opDrain, obls: eof, instr: instr})
	eb.emitEdge(b, succ, event{op: opBoundedRead, obls: bounded, instr: instr})
}
