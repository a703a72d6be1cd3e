package respbody

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file finds the class of an error: whether a return returns a nil
// error (classOf), what a branch on an error says (the errors a call
// passes on, the readers whose failure it reports), and the error that
// decides what a closure or a helper does with a response.

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
