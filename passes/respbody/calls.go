package respbody

// This file turns calls into events: closes, drains, hand-offs, and
// paths that end, from the std tables, the summaries, or the types.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// callEvents records what a call (or deferred call) does to the
// obligations among its receiver, arguments and captured variables.
func (fa *funcAnalysis) callEvents(b *ssa.BasicBlock, instr ssa.CallInstruction, deferred bool) {
	common := instr.Common()
	ops := make(map[op][]int)
	via := make(map[op]string)
	put := func(o op, obl int, name string) {
		if deferred {
			var ok bool
			if o, ok = deferredOp(o); !ok {
				return
			}
		}
		ops[o] = appendUnique(ops[o], obl)
		if name != "" {
			via[o] = name
		}
	}

	callee := common.StaticCallee()
	if common.IsInvoke() {
		fa.invokeEvents(b, common, put)
	} else if callee == nil {
		// A call of a function value: it may call a closure it holds, and
		// do anything its parameter types allow with its arguments.
		for _, obl := range fa.oblsOf(common.Value) {
			put(opEscape, obl, "")
		}
		fa.unknownArgs(common.Args, common.Signature(), put)
	} else {
		fa.staticEvents(b, common, callee, put)
	}

	for _, o := range []op{opDrain, opClose, opCloseRead, opDeferClose, opDeferCloseRead, opEscape} {
		if obls := ops[o]; len(obls) > 0 {
			e := event{op: o, obls: obls, instr: instr, via: via[o]}
			fa.emit(b, e)
			fa.noteDefer(e)
		}
	}
	if !deferred && fa.callNeverReturns(common, callee) {
		fa.emit(b, event{op: opNoReturn, instr: instr})
	}
}

// invokeEvents handles a call of an interface method.
func (fa *funcAnalysis) invokeEvents(b *ssa.BasicBlock, common *ssa.CallCommon, put func(op, int, string)) {
	for _, r := range fa.refs[common.Value] {
		switch {
		case r.cell:
			put(opEscape, r.obl, "")
		case r.kind == kBody && common.Method.Name() == "Close":
			put(opClose, r.obl, "")
		case r.kind == kBody || r.kind.isWrapper():
			// Read reads part of the body (a wrapper's Close does not
			// close the body; other methods do not touch it).
			if common.Method.Name() == "Read" {
				fa.partialRead(b, r.obl, put)
			}
		default:
			put(opEscape, r.obl, "")
		}
	}
	fa.unknownArgs(common.Args, common.Method.Signature(), put)
}

// staticEvents handles a call of a known function or closure.
func (fa *funcAnalysis) staticEvents(b *ssa.BasicBlock, common *ssa.CallCommon, callee *ssa.Function, put func(op, int, string)) {
	key := funcKey(callee)
	s := fa.c.summary(callee)
	name := calleeName(callee)
	for i, a := range common.Args {
		for _, r := range fa.refs[a] {
			switch {
			case r.kind == kClosure:
				put(opEscape, r.obl, "") // the callee may call it later
			case r.cell:
				if s != nil && i < len(s.Params) {
					applyEffect(s.Params[i], r.obl, name, put)
				} else {
					put(opEscape, r.obl, "")
				}
			case tableArg(drainers, key, i):
				if r.kind != kResp {
					put(opDrain, r.obl, "")
				}
			case tableArg(boundedCopies, key, i):
				if isDiscard(common.Args[0]) {
					put(opDrain, r.obl, "")
				} else {
					fa.partialRead(b, r.obl, put)
				}
			case tableArg(partialReaders, key, i):
				fa.partialRead(b, r.obl, put)
			case isDerivedArg(key, i):
			case key == dumpResponse && i == 0:
				if len(common.Args) > 1 && isConstTrue(common.Args[1]) {
					put(opCloseRead, r.obl, "")
				}
			case responseDrainClosers[key] && i == 0:
				put(opCloseRead, r.obl, "")
			case isResponseMethod(callee) && i == 0 && !fa.c.local(callee):
				// Looks at the header only.
			case i == 0 && callee.Signature.Recv() != nil && r.kind.isWrapper():
				// A method of a reader over the body (Decode, ReadString,
				// Scan): it reads part of the body.
				fa.partialRead(b, r.obl, put)
			case observerPackages[funcPkgPath(callee)]:
			case s != nil:
				if i < len(s.Params) {
					applyEffect(s.Params[i], r.obl, name, put)
				}
			case fa.c.local(callee):
				// Recursion into a function being summarized.
				put(opEscape, r.obl, "")
			default:
				fa.unknownArg(r, paramType(callee.Signature, callee.Signature.Recv() != nil, i), put)
			}
		}
	}
	// Variables captured by a closure called here.
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		for j, bv := range mc.Bindings {
			idx := len(callee.Params) + j
			for _, r := range fa.refs[bv] {
				if s != nil && idx < len(s.Params) {
					applyEffect(s.Params[idx], r.obl, name, put)
				} else {
					put(opEscape, r.obl, "")
				}
			}
		}
	}
}

// partialRead handles a read of part of the body. A loop that reads a body
// obtained before the loop consumes a stream until something stops it: its
// exits (the input ended or failed, the context is done, the caller has
// seen enough) give up on the rest on purpose, and a stream cannot be
// drained anyway. So every edge that leaves such a loop counts as a drain.
func (fa *funcAnalysis) partialRead(b *ssa.BasicBlock, obl int, put func(op, int, string)) {
	lp := fa.loopsInfo()
	c := lp.comp[b.Index]
	if !lp.cyclic[c] {
		return
	}
	if o := fa.obls[obl]; o.isSource() && lp.comp[o.call.Block().Index] == c {
		return // a new body each time round: not a stream
	}
	lp.drains[c] = appendUnique(lp.drains[c], obl)
	fa.gaveUp[obl] = true
}

func (fa *funcAnalysis) loopsInfo() *loops {
	if fa.loops == nil {
		fa.loops = findLoops(fa.fn.Blocks)
	}
	return fa.loops
}

// unknownArgs applies unknownArg to the arguments of a call of an interface
// method or a function value (the arguments hold no receiver).
func (fa *funcAnalysis) unknownArgs(args []ssa.Value, sig *types.Signature, put func(op, int, string)) {
	for i, a := range args {
		for _, r := range fa.refs[a] {
			fa.unknownArg(r, paramType(sig, false, i), put)
		}
	}
}

// unknownArg decides what a function with no summary does with an argument
// holding r, from the parameter's type alone. A reader over the body, or
// the body passed as a plain io.Reader, may be read to EOF: credit it, as
// the price of silence on code we cannot see. Anything else may be kept.
func (fa *funcAnalysis) unknownArg(r ref, param types.Type, put func(op, int, string)) {
	switch {
	case r.cell || r.kind == kClosure || r.kind == kResp:
		put(opEscape, r.obl, "")
	case r.kind.isWrapper():
		put(opDrain, r.obl, "")
	case param != nil && isPlainReader(param):
		put(opDrain, r.obl, "")
	default:
		put(opEscape, r.obl, "")
	}
}

// applyEffect turns a callee's summary of a parameter into the op at the
// call.
func applyEffect(e Effect, obl int, name string, put func(op, int, string)) {
	if o, ok := effectOp(e); ok {
		if o == opEscape {
			name = ""
		}
		put(o, obl, name)
	}
}

// effectOp is the op that a call has on a body the callee's summary says it
// keeps, closes (unread or after a drain) or drains; ok is false when the
// callee does none of these.
func effectOp(e Effect) (o op, ok bool) {
	switch {
	case e&Keeps != 0:
		return opEscape, true
	case e&ClosesUnread != 0:
		return opClose, true
	case e&Closes != 0:
		return opCloseRead, true
	case e&Drains != 0:
		return opDrain, true
	}
	return 0, false
}

// deferredOp is the op of the same call deferred to the function's exit:
// closes become deferred closes, and a drain at exit is too late to count.
func deferredOp(o op) (op, bool) {
	switch o {
	case opDrain:
		return 0, false
	case opClose:
		return opDeferClose, true
	case opCloseRead:
		return opDeferCloseRead, true
	}
	return o, true
}

// callNeverReturns reports whether the call ends the path: t.Fatal through
// testing.TB, or a function of this package that never returns. (Static
// calls of the std functions in noReturn already end their block.)
func (fa *funcAnalysis) callNeverReturns(common *ssa.CallCommon, callee *ssa.Function) bool {
	if common.IsInvoke() {
		return noReturn[common.Method.Origin().FullName()]
	}
	if callee == nil {
		return false
	}
	if noReturn[funcKey(callee)] {
		return true
	}
	s := fa.c.summary(callee)
	return s != nil && s.NoReturn
}

func tableArg(table map[string]int, key string, i int) bool {
	idx, ok := table[key]
	return ok && idx == i
}

func isDerivedArg(key string, i int) bool {
	d, ok := derivedReaders[key]
	return ok && d.arg == i
}

// isResponseMethod reports whether fn is a method of *http.Response.
func isResponseMethod(fn *ssa.Function) bool {
	recv := fn.Signature.Recv()
	return recv != nil && isResponsePtr(recv.Type())
}

// isPlainReader reports whether t is an interface that can read but not
// close: a function taking one reads the body without owning it.
func isPlainReader(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && hasMethod(it, "Read") && !hasMethod(it, "Close")
}

// paramType returns the type of the parameter that receives argument i of
// a call with the given signature; recvArg says whether argument 0 is the
// receiver (a static method call), which is not among the signature's
// parameters. Arguments past the last parameter go to a variadic one.
func paramType(sig *types.Signature, recvArg bool, i int) types.Type {
	if recvArg {
		if i == 0 {
			return sig.Recv().Type()
		}
		i--
	}
	n := sig.Params().Len()
	switch {
	case n == 0:
		return nil
	case i >= n-1 && sig.Variadic():
		return sig.Params().At(n - 1).Type()
	case i >= n:
		return nil
	}
	return sig.Params().At(i).Type()
}

// calleeName names a helper for messages.
func calleeName(fn *ssa.Function) string {
	if obj := fn.Object(); obj != nil {
		return obj.Name()
	}
	if p := fn.Parent(); p != nil {
		return "a closure in " + p.Name()
	}
	return fn.Name()
}
