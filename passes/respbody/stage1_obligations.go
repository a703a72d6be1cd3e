package respbody

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Stage 1 of the analysis of a function (pipeline.go lists the stages):
// its obligations, the bodies someone must close. The later stages follow
// each one through the function.

// findObligations creates an obligation for each parameter or free variable
// that may hold a response or body, and for each result of each call that
// produces a fresh one.
func (fa *funcAnalysis) findObligations() obligations {
	ob := obligations{sourceOf: make(map[*ssa.Call][]int), pendingOn: make(map[ssa.Value][]int)}
	var params []ssa.Value
	var errParam ssa.Value
	for _, p := range fa.fn.Params {
		params = append(params, p)
		if errParam == nil && isError(p.Type()) {
			errParam = p
		}
	}
	for _, fv := range fa.fn.FreeVars {
		params = append(params, fv)
	}
	// The body of a range-over-func loop owns each response it is given.
	yield := fa.fn.Synthetic == "range-over-func yield"
	for i, p := range params {
		if k, cell, ok := trackedKind(p.Type()); ok {
			o := &obligation{param: i, seeds: []ssa.Value{p}, kind: k, cell: cell, name: p.Name()}
			if k == kResp && !cell && i < len(fa.fn.Params) {
				o.errVal = errParam
				if yield {
					o.owned = true
					o.name, o.pos = rangeVar(fa.fn, i)
					o.callee = "this range loop"
				}
			}
			ob.obls = append(ob.obls, o)
		}
	}
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				fa.addSources(&ob, call)
			}
		}
	}
	fa.addPendingSends(&ob)
	return ob
}

// rangeVar returns the name and position of the variable of a
// range-over-func loop that the yield function's parameter i is.
func rangeVar(fn *ssa.Function, i int) (string, token.Pos) {
	rng, ok := fn.Syntax().(*ast.RangeStmt)
	if !ok {
		return "", fn.Pos()
	}
	x := rng.Key
	if i == 1 {
		x = rng.Value
	}
	if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
		return id.Name, id.Pos()
	}
	return "", rng.For
}

// addSources adds to ob an obligation for each result of call that is a fresh
// response or body its receiver owes something for.
func (fa *funcAnalysis) addSources(ob *obligations, call *ssa.Call) {
	rts := resultTypes(call)
	var errVal ssa.Value
	if n := len(rts); n > 1 && isError(rts[n-1]) {
		if vs := resultValues(call, n-1); len(vs) > 0 {
			errVal = vs[0]
		}
	}
	unpooled, dropped := fa.unpooledSource(call.Common())
	if !unpooled && fa.asksNoKeepAlive(call) {
		unpooled = true // no keep-alive: no pool either
	}
	s := fa.c.callSummary(call.Common())
	byResult := make(map[int]int) // result -> its obligation
	for i, t := range rts {
		k, start, statuses, ok := fa.freshResult(call, i, t)
		if !ok {
			continue
		}
		if s != nil {
			if same, done := byResult[s.result(i).Same-1]; s.result(i).Same > 0 && done {
				// The same response as an earlier result, wrapped: one
				// obligation for both.
				ob.obls[same].seeds = append(ob.obls[same].seeds, resultValues(call, i)...)
				continue
			}
		}
		byResult[i] = len(ob.obls)
		if unpooled {
			// No pool a later request uses: no drain owed.
			for c := range start {
				start[c] = start[c].each(unpooledAtom)
			}
			statuses = slices.Clone(statuses)
			for j := range statuses {
				statuses[j].Owes = statuses[j].Owes.each(unpooledAtom)
			}
		}
		o := &obligation{
			call: call, result: i, param: -1, kind: k, start: start, statuses: statuses,
			seeds: resultValues(call, i), errVal: errVal, dropped: dropped,
		}
		o.name, o.callee = fa.c.syntax.sourceNames(call, i)
		ob.sourceOf[call] = append(ob.sourceOf[call], len(ob.obls))
		ob.obls = append(ob.obls, o)
	}
}

// unpooledAtom is what a body owes where there is no pool: a close, not a
// drain.
func unpooledAtom(a state) state {
	if a == sOpen {
		return sHeld
	}
	return a
}

// freshResult reports whether result i (of type t) of call is a response or
// body its receiver owes something for, of which kind, what it owes, and
// the statuses it can have, by class of the call's error.
func (fa *funcAnalysis) freshResult(call *ssa.Call, i int, t types.Type) (kind, [2]state, []StatusOwes, bool) {
	common := call.Common()
	if fa.isHeadRequest(common) {
		return 0, [2]state{}, nil, false
	}
	if s := fa.c.callSummary(common); s != nil {
		r := s.result(i)
		if r.NilParam > 0 {
			if a := argOfParam(common, r.NilParam-1); a != nil && isNil(unwrapIface(a)) {
				r.Owes, r.Statuses = r.OwesIfNil, nil
			}
		}
		r.Owes = callerOwes(r.Owes)
		if r.Kind != Fresh || (r.Owes[okExit]|r.Owes[errExit])&^owesNothing == 0 {
			return 0, [2]state{}, nil, false
		}
		if r.Body {
			return kBody, r.Owes, r.Statuses, true
		}
		return kResp, r.Owes, r.Statuses, true
	}
	callee := common.StaticCallee()
	if !isResponsePtr(t) || (callee != nil && fa.c.local(callee)) {
		// A local callee without a summary recurses: not a source.
		return 0, [2]state{}, nil, false
	}
	sig := common.Signature()
	if callee != nil && takesResponse(callee.Signature) {
		// A function of another package, with no summary: one that takes
		// a response is taken to pass it through, not to make a new one.
		return 0, [2]state{}, nil, false
	}
	if returnsBytes(sig) {
		// (*http.Response, []byte, error): the body was read into the
		// bytes already, as API clients that return both do.
		return 0, [2]state{}, nil, false
	}
	// Interface methods (a Doer, a RoundTripper), function values, and
	// functions of packages respbody did not analyze.
	n := sig.Results().Len()
	return kResp, openUnlessErr(n > 1 && isError(sig.Results().At(n-1).Type())), nil, true
}

// takesResponse reports whether a function of this signature is given a
// response, as a parameter or receiver.
func takesResponse(sig *types.Signature) bool {
	for j := 0; j < sig.Params().Len(); j++ {
		if isResponsePtr(sig.Params().At(j).Type()) {
			return true
		}
	}
	r := sig.Recv()
	return r != nil && isResponsePtr(r.Type())
}

// returnsBytes reports whether a signature returns a []byte beside its
// results.
func returnsBytes(sig *types.Signature) bool {
	for j := 0; j < sig.Results().Len(); j++ {
		if s, ok := sig.Results().At(j).Type().Underlying().(*types.Slice); ok {
			if b, ok := s.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return true
			}
		}
	}
	return false
}

// isHeadRequest reports whether a call sends a request whose method is the
// constant "HEAD": its response has no body.
func (fa *funcAnalysis) isHeadRequest(common *ssa.CallCommon) bool {
	m, _ := fa.methodOf(common)
	return m != nil && isHEAD(m)
}

// methodOf returns the value that decides the method of the request a call
// sends: the method argument of the http.NewRequest that built a request
// argument (through copies and variables), or, for a wrapper whose summary
// says its method is a parameter (do(ctx, method, path)), that argument.
// param is the index of this function's parameter the method is, or -1.
func (fa *funcAnalysis) methodOf(common *ssa.CallCommon) (method ssa.Value, param int) {
	method = fa.requestMethod(common)
	if method == nil {
		if s := fa.c.callSummary(common); s != nil {
			for _, r := range s.Results {
				if r.Kind == Fresh && r.MethodParam > 0 {
					method = argOfParam(common, r.MethodParam-1)
					break
				}
			}
		}
	}
	if method == nil {
		return nil, -1
	}
	method = fa.storedValue(method)
	if p, ok := method.(*ssa.Parameter); ok {
		return method, paramIndex(fa.fn, p)
	}
	return method, -1
}

// requestMethod returns the method argument of the request maker behind a
// request argument of the call, or nil.
func (fa *funcAnalysis) requestMethod(common *ssa.CallCommon) ssa.Value {
	for _, a := range common.Args {
		if !isRequestPtr(a.Type()) {
			continue
		}
		a = fa.requestOrigin(a)
		e, ok := a.(*ssa.Extract)
		if !ok || e.Index != 0 {
			continue
		}
		mk, ok := e.Tuple.(*ssa.Call)
		if !ok {
			continue
		}
		idx, known := requestMakers[funcKey(mk.Common().StaticCallee())]
		if !known || idx >= len(mk.Common().Args) {
			continue
		}
		return mk.Common().Args[idx]
	}
	return nil
}

// isHEAD reports whether v is the constant method "HEAD".
func isHEAD(v ssa.Value) bool {
	m, ok := constString(v)
	return ok && m == "HEAD"
}

// requestOrigin follows a request back through copies
// (req.WithContext(ctx)) and variables to where it was made.
func (fa *funcAnalysis) requestOrigin(v ssa.Value) ssa.Value {
	for range 8 {
		v = fa.storedValue(v)
		call, ok := v.(*ssa.Call)
		if !ok || !requestCopies[funcKey(call.Common().StaticCallee())] || len(call.Common().Args) == 0 {
			return v
		}
		v = call.Common().Args[0]
	}
	return v
}
