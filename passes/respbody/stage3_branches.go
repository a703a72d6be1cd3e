package respbody

// This file finds what a branch tells about an obligation: nil on the edge
// where the call failed, read to EOF on the edge where input ended, the
// class of an exit (does it return a nil error?), and the edges on which a
// call's summary applies by the class of its error.

import (
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"
)

// If's successors: Succs[0] is taken when the condition is true.
const (
	thenEdge = 0
	elseEdge = 1
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

// constComparison splits `x op n` (or `n op x`, turned around) where n is
// an integer constant.
func constComparison(cond *ssa.BinOp) (x ssa.Value, op token.Token, n int64, ok bool) {
	x, y, op := cond.X, cond.Y, cond.Op
	if _, isConst := x.(*ssa.Const); isConst {
		x, y, op = y, x, flip(op)
	}
	c, isConst := y.(*ssa.Const)
	if !isConst || c.Value == nil || c.Value.Kind() != constant.Int {
		return nil, 0, 0, false
	}
	n, exact := constant.Int64Val(c.Value)
	return x, op, n, exact
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

// certain reports whether the response (or wrapper) v is certainly the one
// its obligation holds at this point, not one of several that a merge
// brings together: a call's result, a parameter, a load of a field of a
// certain value, or a merge whose only non-nil value is certain and comes
// from before the merge (not from a later iteration of a loop through it).
func (fa *funcAnalysis) certain(v ssa.Value, depth int) bool {
	if depth == 0 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Call, *ssa.Extract, *ssa.Parameter, *ssa.Alloc:
		return true
	case *ssa.ChangeType:
		return fa.certain(x.X, depth-1)
	case *ssa.MakeInterface:
		return fa.certain(x.X, depth-1)
	case *ssa.TypeAssert:
		return fa.certain(x.X, depth-1)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return false
		}
		if w := fa.storedValue(x); w != v {
			return fa.certain(w, depth-1)
		}
		if fieldAddr, ok := x.X.(*ssa.FieldAddr); ok {
			return fa.certain(fieldAddr.X, depth-1)
		}
		return false // a variable or global that may hold one or another
	case *ssa.Phi:
		var only ssa.Value
		for _, e := range x.Edges {
			if isNil(e) {
				continue
			}
			if only != nil && e != only {
				return false
			}
			only = e
		}
		if only == nil {
			return false
		}
		if b := instrBlock(only); b != nil && x.Block().Dominates(b) {
			return false // from a later iteration of a loop through x
		}
		return fa.certain(only, depth-1)
	}
	return false
}

// instrBlock returns the block of the instruction that defines v, or nil.
func instrBlock(v ssa.Value) *ssa.BasicBlock {
	if instr, ok := v.(ssa.Instruction); ok {
		return instr.Block()
	}
	return nil
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

// selectCase reports whether x == y compares the index a select chose
// with the constant y, and which case that is.
func selectCase(x, y ssa.Value) (*ssa.Select, int, bool) {
	e, ok := x.(*ssa.Extract)
	if !ok || e.Index != 0 {
		return nil, 0, false
	}
	sel, ok := e.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	for i := range sel.States {
		if isIntConst(y, int64(i)) {
			return sel, i, true
		}
	}
	return nil, 0, false
}

// comparison splits x == y or x != y into its operands, a constant or nil
// second, and the edge on which they are equal.
func comparison(cond *ssa.BinOp) (x, y ssa.Value, eqEdge int, ok bool) {
	if cond.Op != token.EQL && cond.Op != token.NEQ {
		return nil, nil, 0, false
	}
	x, y = cond.X, cond.Y
	if _, isConst := x.(*ssa.Const); isConst || isEOF(x) {
		x, y = y, x
	}
	eqEdge = thenEdge
	if cond.Op == token.NEQ {
		eqEdge = elseEdge
	}
	return x, y, eqEdge, true
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

// errorOf returns the call whose error result v is, or nil.
func errorOf(v ssa.Value) *ssa.Call {
	switch x := v.(type) {
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		if ok && x.Index == x.Tuple.Type().(*types.Tuple).Len()-1 {
			return call
		}
	case *ssa.Call:
		return x
	}
	return nil
}

// classOf says whether a return returns a nil error, a non-nil one, or
// either (classBoth also for a function with no error result).
func (fa *funcAnalysis) classOf(ret *ssa.Return) exitClass {
	if fa.fn.Synthetic == "range-over-func yield" && len(ret.Results) == 1 {
		// The body of a range-over-func loop: true goes on, false leaves
		// the loop (see loopBodyEvents).
		if k, ok := ret.Results[0].(*ssa.Const); ok && k.Value != nil {
			if constant.BoolVal(k.Value) {
				return classOK
			}
			return classErr
		}
	}
	results := fa.fn.Signature.Results()
	n := results.Len()
	if n == 0 || !isError(results.At(n-1).Type()) || len(ret.Results) != n {
		return classBoth
	}
	return fa.errClass(ret.Results[n-1], ret.Block(), 4)
}

// errClass says whether the error v, seen at the end of block b, is nil,
// not nil, or either: a constant, a new error, a call that always fails, a
// value the branches that lead to b have compared with nil.
func (fa *funcAnalysis) errClass(v ssa.Value, b *ssa.BasicBlock, depth int) exitClass {
	v = fa.storedValue(v)
	switch x := v.(type) {
	case *ssa.Const:
		if x.IsNil() {
			return classOK
		}
	case *ssa.MakeInterface:
		return classErr // an interface holding a value, even a nil pointer
	case *ssa.Call:
		if s := fa.c.callSummary(x.Common()); s != nil && s.Fails {
			return classErr
		}
	case *ssa.UnOp:
		if g, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL && fa.c.isSentinel(g) {
			return classErr
		}
	}
	if c, ok := fa.checkedOnTheWay(v, b); ok {
		return c
	}
	if phi, ok := v.(*ssa.Phi); ok && depth > 0 {
		var c exitClass
		for i, e := range phi.Edges {
			c |= fa.errClass(e, phi.Block().Preds[i], depth-1)
		}
		return c
	}
	return classBoth
}

// checkedOnTheWay looks for a branch on v != nil that dominates b: it walks
// up the dominator tree to the successor of an `if v != nil` that only that
// branch enters.
func (fa *funcAnalysis) checkedOnTheWay(v ssa.Value, b *ssa.BasicBlock) (exitClass, bool) {
	for cond, edge := range guards(b) {
		x, y, eqEdge, ok := comparison(cond)
		if !ok || !isNil(y) || (fa.storedValue(x) != v && !fa.sameLoad(x, v)) {
			continue
		}
		if edge == eqEdge {
			return classOK, true
		}
		return classErr, true
	}
	return 0, false
}

// guards yields, nearest first, the comparisons that decide whether b is
// reached: each `if x op y` ending a dominator of b from which only one edge
// leads toward b, with that edge (thenEdge or elseEdge).
func guards(b *ssa.BasicBlock) iter.Seq2[*ssa.BinOp, int] {
	return func(yield func(*ssa.BinOp, int) bool) {
		for child := b; child.Idom() != nil; child = child.Idom() {
			parent := child.Idom()
			ifInstr, ok := parent.Instrs[len(parent.Instrs)-1].(*ssa.If)
			if !ok || len(child.Preds) != 1 {
				continue
			}
			cond, ok := ifInstr.Cond.(*ssa.BinOp)
			if !ok {
				continue
			}
			edge := thenEdge
			if parent.Succs[elseEdge] == child {
				edge = elseEdge
			}
			if !yield(cond, edge) {
				return
			}
		}
	}
}

// sameLoad reports whether v loads the variable x loaded, with no store to
// it in between: v's block is reached from x's only through blocks with one
// predecessor, and neither a store to the variable nor (if a closure
// captured it) a call comes between them.
func (fa *funcAnalysis) sameLoad(x, v ssa.Value) bool {
	lx, ok1 := x.(*ssa.UnOp)
	lv, ok2 := v.(*ssa.UnOp)
	if !ok1 || !ok2 || lx.Op != token.MUL || lv.Op != token.MUL || lx.X != lv.X {
		return false
	}
	captured := false
	if refs := lx.X.Referrers(); refs != nil {
		for _, r := range *refs {
			if _, ok := r.(*ssa.MakeClosure); ok {
				captured = true
			}
		}
	}
	b := lv.Block()
	instrs := b.Instrs
	end := len(instrs)
	for k, instr := range instrs {
		if instr == lv {
			end = k
			break
		}
	}
	for range 8 {
		start := 0
		if b == lx.Block() {
			for k, instr := range instrs {
				if instr == lx {
					start = k + 1
				}
			}
		}
		if start > end {
			return false // v comes before x in their block
		}
		for _, instr := range instrs[start:end] {
			switch s := instr.(type) {
			case *ssa.Store:
				if s.Addr == lx.X {
					return false
				}
			case ssa.CallInstruction:
				if captured {
					return false
				}
			}
		}
		if b == lx.Block() {
			return true
		}
		if len(b.Preds) != 1 {
			return false
		}
		b = b.Preds[0]
		instrs = b.Instrs
		end = len(instrs)
	}
	return false
}

// fieldOf returns the obligations whose response's field name (StatusCode,
// ContentLength) v is.
func (fa *funcAnalysis) fieldOf(v ssa.Value, name string) []int {
	_, obls := fa.responseField(v, name)
	return obls
}

// responseField reports whether v loads the field name of a response, and
// returns that response and its obligations.
func (fa *funcAnalysis) responseField(v ssa.Value, name string) (ssa.Value, []int) {
	load, ok := fa.storedValue(v).(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	fieldAddr, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isResponsePtr(fieldAddr.X.Type()) {
		return nil, nil
	}
	st := fieldAddr.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if st.Field(fieldAddr.Field).Name() != name {
		return nil, nil
	}
	var out []int
	for _, r := range fa.refs[fieldAddr.X] {
		if r.kind == kResp && !r.cell {
			out = appendUnique(out, r.obl)
		}
	}
	return fieldAddr.X, out
}

// isIntConst reports whether v is the integer constant n.
func isIntConst(v ssa.Value, n int64) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	m, exact := constant.Int64Val(c.Value)
	return exact && m == n
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

// errChecked returns the obligations whose error is v: where v != nil, the
// call returned no response to close (a source whose error exits owe
// nothing), or the helper was given none (a response parameter beside an
// error parameter).
func (fa *funcAnalysis) errChecked(v ssa.Value) []int {
	// err may merge the errors of several calls (if/else, retries): where
	// it is non-nil, the call that produced it returned no response.
	vs := []ssa.Value{v}
	if phi, ok := v.(*ssa.Phi); ok {
		vs = phi.Edges
	}
	var out []int
	for _, v := range vs {
		v = fa.passedErr(fa.storedValue(v))
		for i, o := range fa.obls {
			if o.errVal != nil && o.errVal == v && o.start[errExit]&^owesNothing == 0 {
				out = appendUnique(out, i)
			}
		}
	}
	return out
}

// succeeded returns the sources whose call's error is v and that, where it
// is nil, always return a response: there, nothing says "no response".
func (fa *funcAnalysis) succeeded(v ssa.Value) []int {
	v = fa.passedErr(fa.storedValue(v))
	var out []int
	for i, o := range fa.obls {
		if o.isSource() && o.errVal == v && o.start[okExit]&sNone == 0 {
			out = append(out, i)
		}
	}
	return out
}

// passedErr follows an error back through helpers that return either nil
// or the error they were given (resp, err := check(http.Get(u))).
func (fa *funcAnalysis) passedErr(v ssa.Value) ssa.Value {
	for range 8 {
		var call *ssa.Call
		idx := 0
		switch x := v.(type) {
		case *ssa.Extract:
			call, _ = x.Tuple.(*ssa.Call)
			idx = x.Index
		case *ssa.Call:
			call = x
		}
		if call == nil {
			return v
		}
		s := fa.c.callSummary(call.Common())
		if s == nil || s.result(idx).Kind != Passed {
			return v
		}
		a := argOfParam(call.Common(), s.result(idx).Param)
		if a == nil {
			return v
		}
		v = fa.storedValue(a)
	}
	return v
}

// storedValue sees through a load of a variable (of this function, or
// captured from the enclosing one) to the value most recently stored in it:
// in the same block, or up a chain of blocks that each have one
// predecessor, and through loads of what was stored (a named result with
// defers: *err = *err). A call on the way stops it when a closure captured
// the variable (the call may store into it).
func (fa *funcAnalysis) storedValue(v ssa.Value) ssa.Value {
	for range 4 {
		w := fa.storedOnce(v)
		if w == v {
			return v
		}
		v = w
	}
	return v
}

func (fa *funcAnalysis) storedOnce(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	_, free := load.X.(*ssa.FreeVar)
	if !free && !fa.isLocalCell(load.X) {
		return v
	}
	captured := free
	if refs := load.X.Referrers(); refs != nil {
		for _, r := range *refs {
			if _, ok := r.(*ssa.MakeClosure); ok {
				captured = true
			}
		}
	}
	b := load.Block()
	instrs := b.Instrs
	i := len(instrs)
	for k, instr := range instrs {
		if instr == load {
			i = k
			break
		}
	}
	for range 8 {
		for j := i - 1; j >= 0; j-- {
			switch x := instrs[j].(type) {
			case *ssa.Store:
				if x.Addr == load.X {
					return x.Val
				}
			case ssa.CallInstruction:
				if captured {
					return v
				}
			}
		}
		if len(b.Preds) != 1 {
			return v
		}
		b = b.Preds[0]
		instrs = b.Instrs
		i = len(instrs)
	}
	return v
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

// failedReaders splits the obligations read by the call whose error is
// err, where it is not nil: those whose error can only come from the
// body's own Read (a read of the body, or of a bounded reader over it, by a
// call that can fail no other way: io.ReadAll, a copy into io.Discard),
// and the others (a decoder's syntax error, a writer's error), which leave
// the connection held. A failed Read of the body may leave it held too,
// through net/http's transparent gzip: see sFailed.
func (fa *funcAnalysis) failedReaders(err ssa.Value) (failed, held []int) {
	call := errorOf(fa.storedValue(unwrapIface(err)))
	onlyReads := call != nil && failsOnlyReading(call.Common())
	for _, r := range fa.readerRefs(err) {
		if onlyReads && (r.kind == kBody || r.kind == kBounded) {
			failed = appendUnique(failed, r.obl)
		} else {
			held = appendUnique(held, r.obl)
		}
	}
	return failed, held
}

// isMemoryWriter reports whether v is a writer into memory, which does not
// fail: a *bytes.Buffer or *strings.Builder.
func isMemoryWriter(v ssa.Value) bool {
	t := unwrapIface(v).Type()
	return isNamedPtr(t, "bytes", "Buffer") || isNamedPtr(t, "strings", "Builder")
}

// failsOnlyReading reports whether the call's error can only come from
// reading its source: a Read, io.ReadAll, or a copy into io.Discard.
func failsOnlyReading(common *ssa.CallCommon) bool {
	if common.IsInvoke() {
		return common.Method.Name() == "Read"
	}
	key := funcKey(common.StaticCallee())
	switch {
	case readOnlyFailures[key]:
		return true
	case copiers[key]:
		return len(common.Args) > 0 && (isDiscard(common.Args[0]) || isMemoryWriter(common.Args[0]))
	}
	return false
}

// readerRefs returns the bodies and readers the call whose error result is
// err reads.
func (fa *funcAnalysis) readerRefs(err ssa.Value) []ref {
	call := errorOf(fa.storedValue(unwrapIface(err)))
	if call == nil {
		return nil
	}
	common := call.Common()
	vs := common.Args
	if common.IsInvoke() {
		vs = []ssa.Value{common.Value}
	}
	var out []ref
	for _, v := range vs {
		for _, r := range fa.refs[v] {
			if !r.cell && (r.kind == kBody || r.kind.isWrapper()) {
				out = append(out, r)
			}
		}
	}
	return out
}

// decidingErr returns the index among fn's free variables of the error a
// closure captured from its enclosing function, when it is the only one:
// the closure's effect may depend on it (if err != nil { resp.Body.Close() }).
// It returns -1 otherwise.
func decidingErr(fn *ssa.Function) int {
	if fn.Parent() == nil || fn.Signature.Results().Len() > 0 {
		return -1
	}
	found := -1
	for i, fv := range fn.FreeVars {
		if p, ok := fv.Type().(*types.Pointer); ok && isError(p.Elem()) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// isDecidingErr reports whether x loads the deciding error of the closure
// being analyzed.
// or, in a function, its output argument (see decidingParam).
func (fa *funcAnalysis) isDecidingErr(x ssa.Value) bool {
	if p := decidingParam(fa.fn); p >= 0 {
		return fa.storedValue(x) == fa.fn.Params[p]
	}
	i := decidingErr(fa.fn)
	if i < 0 {
		return false
	}
	load, ok := x.(*ssa.UnOp)
	return ok && load.Op == token.MUL && load.X == fa.fn.FreeVars[i]
}

// decidingParam returns the index of a function's output argument, a
// parameter of type any (or interface{}) that the function compares with
// nil and that decides what becomes of the response it returns
// (Do(req, v): if v != nil { defer resp.Body.Close(); decode into v }). It
// returns -1 when there is not exactly one such parameter, or the function
// returns no response.
func decidingParam(fn *ssa.Function) int {
	if fn.Parent() != nil || !mentionsResponse(fn.Signature.Results()) {
		return -1
	}
	found := -1
	for i, p := range fn.Params {
		it, ok := p.Type().Underlying().(*types.Interface)
		if !ok || !it.Empty() || !comparedWithNil(p) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

// comparedWithNil reports whether v is compared with nil by a branch.
func comparedWithNil(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		if b, ok := r.(*ssa.BinOp); ok && (b.Op == token.EQL || b.Op == token.NEQ) && (isNil(b.X) || isNil(b.Y)) {
			return true
		}
	}
	return false
}

// errResultCell returns the variable that holds the function's named error
// result, from which its returns load it (a function with defers), or nil.
func (fa *funcAnalysis) errResultCell() ssa.Value {
	var cell ssa.Value
	for _, b := range fa.fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		load, ok := ret.Results[len(ret.Results)-1].(*ssa.UnOp)
		if !ok || load.Op != token.MUL || !isError(load.Type()) || (cell != nil && load.X != cell) {
			return nil
		}
		cell = load.X
	}
	return cell
}
