package respbody

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An op is what an instruction does to an obligation.
type op uint8

const (
	opProduce        op = iota // a source call: a new response, open
	opDrain                    // the body is read to EOF
	opClose                    // the body is closed (reported if unread)
	opCloseRead                // drained and closed by a helper
	opDeferClose               // a close is deferred to the function's exit
	opDeferCloseRead           // a drain-then-close is deferred
	opEscape                   // ownership is handed off
	opExit                     // the function returns
	opNoReturn                 // the path ends here without returning
)

// An event is an op applied at an instruction to some obligations.
type event struct {
	op    op
	obls  []int
	instr ssa.Instruction
	via   string // the helper that closes, for messages ("" if direct)
}

// edgeEvents are the refinements an If makes on each of its two edges:
// obligations that are nil there (the call failed), and obligations whose
// body has been read to EOF there (a loop ran to the end of input).
type edgeEvents struct {
	nilOn    [2][]int
	drainOn  [2][]int
	escapeOn [2][]int
}

// collectEvents turns every instruction that touches an obligation into
// events, in order, block by block.
func (fa *funcAnalysis) collectEvents() {
	fa.collectCellDefers()
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			fa.instrEvents(b, instr)
		}
	}
}

func (fa *funcAnalysis) emit(b *ssa.BasicBlock, e event) {
	if e.op != opExit && e.op != opNoReturn && len(e.obls) == 0 {
		return
	}
	fa.events[b] = append(fa.events[b], e)
}

func (fa *funcAnalysis) instrEvents(b *ssa.BasicBlock, instr ssa.Instruction) {
	switch x := instr.(type) {
	case *ssa.Call:
		fa.callEvents(b, x, false)
		if obls := fa.sourceOf[x]; len(obls) > 0 {
			fa.emit(b, event{op: opProduce, obls: obls, instr: x})
		}
	case *ssa.Defer:
		fa.callEvents(b, x, true)
	case *ssa.Go:
		fa.emit(b, event{op: opEscape, obls: fa.oblsOf(x.Call.Value, x.Call.Args...), instr: x})
		if mc, ok := x.Call.Value.(*ssa.MakeClosure); ok {
			fa.emit(b, event{op: opEscape, obls: fa.oblsOf(nil, mc.Bindings...), instr: x})
		}
	case *ssa.Return:
		fa.emit(b, event{op: opExit, obls: fa.oblsOf(nil, x.Results...), instr: x})
	case *ssa.Store:
		if fa.isLocalCell(x.Addr) {
			// Storing into a variable is not a hand-off; a deferred
			// closure over the variable closes whatever it holds.
			for _, d := range fa.cellDefers[x.Addr] {
				d.obls = fa.oblsOf(nil, x.Val)
				fa.emit(b, d)
				fa.noteDefer(d)
			}
			return
		}
		if fa.readerStruct(x.Addr) != nil {
			return // a reader over the body, not a hand-off
		}
		fa.emit(b, event{op: opEscape, obls: fa.oblsOf(nil, x.Val), instr: x})
	case *ssa.Send:
		fa.emit(b, event{op: opEscape, obls: fa.oblsOf(nil, x.X), instr: x})
	case *ssa.Select:
		for _, st := range x.States {
			if st.Send != nil {
				fa.emit(b, event{op: opEscape, obls: fa.oblsOf(nil, st.Send), instr: x})
			}
		}
	case *ssa.MapUpdate:
		fa.emit(b, event{op: opEscape, obls: fa.oblsOf(nil, x.Key, x.Value), instr: x})
	case *ssa.If:
		fa.ifEvents(b, x)
	}
}

// noteDefer remembers where a deferred close that does not drain was
// registered, to report it if it runs before the body is read to EOF.
func (fa *funcAnalysis) noteDefer(e event) {
	if e.op != opDeferClose {
		return
	}
	for _, obl := range e.obls {
		o := fa.obls[obl]
		if len(o.defers) == 0 || o.defers[len(o.defers)-1] != e.instr {
			o.defers = append(o.defers, e.instr)
		}
	}
}

// collectCellDefers finds the closures deferred over a variable: they act,
// at exit, on whatever the variable then holds, even a response stored in
// it after the defer statement. Each store into the variable applies them.
func (fa *funcAnalysis) collectCellDefers() {
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			mc, ok := d.Call.Value.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			callee := mc.Fn.(*ssa.Function)
			s := fa.c.summary(callee)
			if s == nil {
				continue
			}
			for j, bv := range mc.Bindings {
				idx := len(callee.Params) + j
				if !fa.isLocalCell(bv) || idx >= len(s.Params) {
					continue
				}
				var o op
				switch e := s.Params[idx]; {
				case e&Keeps != 0:
					o = opEscape
				case e&ClosesUnread != 0:
					o = opDeferClose
				case e&Closes != 0:
					o = opDeferCloseRead
				default:
					continue
				}
				fa.cellDefers[bv] = append(fa.cellDefers[bv], event{op: o, instr: d})
			}
		}
	}
}

// oblsOf returns the obligations held by any of the values (fn first).
func (fa *funcAnalysis) oblsOf(fn ssa.Value, vs ...ssa.Value) []int {
	var out []int
	addv := func(v ssa.Value) {
		for _, r := range fa.refs[v] {
			out = appendUnique(out, r.obl)
		}
	}
	if fn != nil {
		addv(fn)
	}
	for _, v := range vs {
		addv(v)
	}
	return out
}

func appendUnique(s []int, x int) []int {
	for _, y := range s {
		if y == x {
			return s
		}
	}
	return append(s, x)
}

// callEvents records what a call (or deferred call) does to the
// obligations among its receiver, arguments and captured variables.
func (fa *funcAnalysis) callEvents(b *ssa.BasicBlock, instr ssa.CallInstruction, deferred bool) {
	common := instr.Common()
	ops := make(map[op][]int)
	via := make(map[op]string)
	put := func(o op, obl int, name string) {
		if deferred {
			switch o {
			case opDrain:
				return // a drain at exit is too late to matter
			case opClose:
				o = opDeferClose
			case opCloseRead:
				o = opDeferCloseRead
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
		sig := common.Signature()
		for i, a := range common.Args {
			for _, r := range fa.refs[a] {
				fa.unknownArg(r, paramType(sig, i), put)
			}
		}
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
	params := common.Method.Signature().Params()
	for i, a := range common.Args {
		var t types.Type
		if i < params.Len() {
			t = params.At(i).Type()
		}
		for _, r := range fa.refs[a] {
			fa.unknownArg(r, t, put)
		}
	}
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
			case isResponseMethod(callee) && i == 0 && callee.Blocks == nil:
				// Looks at the header only.
			case i == 0 && callee.Signature.Recv() != nil && r.kind.isWrapper():
				// A method of a reader over the body (Decode, ReadString,
				// Scan): it reads part of the body.
				fa.partialRead(b, r.obl, put)
			case callee.Pkg != nil && observerPackages[callee.Pkg.Pkg.Path()]:
			case s != nil:
				if i < len(s.Params) {
					applyEffect(s.Params[i], r.obl, name, put)
				}
			case callee.Blocks != nil:
				// Recursion into a function being summarized.
				put(opEscape, r.obl, "")
			default:
				fa.unknownArg(r, paramType(callee.Signature, i), put)
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
}

func (fa *funcAnalysis) loopsInfo() *loops {
	if fa.loops == nil {
		fa.loops = findLoops(fa.fn.Blocks)
	}
	return fa.loops
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
	switch {
	case e&Keeps != 0:
		put(opEscape, obl, "")
	case e&ClosesUnread != 0:
		put(opClose, obl, name)
	case e&Closes != 0:
		put(opCloseRead, obl, name)
	case e&Drains != 0:
		put(opDrain, obl, name)
	}
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

// ifEvents finds the refinements of a branch: a nil check of a response or
// of a source's error, a Scan or More loop ending, a read returning io.EOF.
func (fa *funcAnalysis) ifEvents(b *ssa.BasicBlock, ifInstr *ssa.If) {
	ee := &edgeEvents{}
	switch cond := ifInstr.Cond.(type) {
	case *ssa.BinOp:
		if cond.Op != token.EQL && cond.Op != token.NEQ {
			break
		}
		x, y := cond.X, cond.Y
		if isNil(x) {
			x, y = y, x
		}
		// On the edge where the comparison is true: EQL -> 0, NEQ -> 1.
		eqEdge := 0
		if cond.Op == token.NEQ {
			eqEdge = 1
		}
		switch {
		case isNil(y):
			for _, obl := range fa.nilChecked(x) {
				ee.nilOn[eqEdge] = appendUnique(ee.nilOn[eqEdge], obl)
			}
			for _, obl := range fa.errChecked(x) {
				ee.nilOn[1-eqEdge] = appendUnique(ee.nilOn[1-eqEdge], obl)
			}
			// A read that failed owes no drain: the connection is
			// broken, or the caller gave up on a malformed body.
			ee.drainOn[1-eqEdge] = fa.readerOfErr(x)
		case isEOF(y):
			ee.drainOn[eqEdge] = fa.readerOfErr(x)
		case isEOF(x):
			ee.drainOn[eqEdge] = fa.readerOfErr(y)
		case isSwitchingProtocols(y):
			// A 101 response's body is the upgraded connection, which
			// the caller now uses as it likes.
			ee.escapeOn[eqEdge] = fa.statusOf(x)
		case isSwitchingProtocols(x):
			ee.escapeOn[eqEdge] = fa.statusOf(y)
		}
	case *ssa.Call:
		common := cond.Common()
		if callee := common.StaticCallee(); callee != nil {
			key := funcKey(callee)
			switch {
			case exhausted[key] && len(common.Args) > 0:
				ee.drainOn[1] = fa.oblsOf(nil, common.Args[0])
			case errorIs[key] && len(common.Args) == 2 && isEOF(unwrapIface(common.Args[1])):
				ee.drainOn[0] = fa.readerOfErr(common.Args[0])
			case errorIs[key] && len(common.Args) == 2 && !isNil(common.Args[1]):
				// True only for a non-nil error: the call failed.
				ee.nilOn[0] = fa.errChecked(common.Args[0])
			}
		}
	}
	for i := range 2 {
		if len(ee.nilOn[i])+len(ee.drainOn[i])+len(ee.escapeOn[i]) > 0 {
			fa.edges[b] = ee
		}
	}
}

// statusOf returns the obligations whose StatusCode v is.
func (fa *funcAnalysis) statusOf(v ssa.Value) []int {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	fieldAddr, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isResponsePtr(fieldAddr.X.Type()) {
		return nil
	}
	st := fieldAddr.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if st.Field(fieldAddr.Field).Name() != "StatusCode" {
		return nil
	}
	var out []int
	for _, r := range fa.refs[fieldAddr.X] {
		if r.kind == kResp && !r.cell {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

func isSwitchingProtocols(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(c.Value)
	return exact && n == 101
}

// nilChecked returns the obligations whose response or body is v itself,
// so that v == nil means there is nothing to close.
func (fa *funcAnalysis) nilChecked(v ssa.Value) []int {
	var out []int
	for _, r := range fa.refs[v] {
		if !r.cell && (r.kind == kResp || r.kind == kBody) {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

// errChecked returns the source obligations whose call's error is v: where
// v != nil, the call returned no response to close.
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
			if o.isSource() && o.errVal != nil && o.errVal == v {
				out = appendUnique(out, i)
			}
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
		s := fa.c.summary(call.Common().StaticCallee())
		if s == nil || idx >= len(s.Results) || s.Results[idx].Param == 0 {
			return v
		}
		args := call.Common().Args
		if p := s.Results[idx].Param - 1; p < len(args) {
			v = fa.storedValue(args[p])
			continue
		}
		return v
	}
	return v
}

// storedValue sees through a load of a variable (of this function, or
// captured from the enclosing one) to the value most recently stored in it,
// in the same block.
func (fa *funcAnalysis) storedValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	if _, captured := load.X.(*ssa.FreeVar); !captured && !fa.isLocalCell(load.X) {
		return v
	}
	instrs := load.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if instrs[i] == load {
			for j := i - 1; j >= 0; j-- {
				if st, ok := instrs[j].(*ssa.Store); ok && st.Addr == load.X {
					return st.Val
				}
			}
			break
		}
	}
	return v
}

// readerOfErr returns the obligations read by the call whose error result
// is err: where err is io.EOF, that reader has reached the end.
func (fa *funcAnalysis) readerOfErr(err ssa.Value) []int {
	err = fa.storedValue(unwrapIface(err))
	var call *ssa.Call
	switch e := err.(type) {
	case *ssa.Extract:
		call, _ = e.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = e
	}
	if call == nil {
		return nil
	}
	common := call.Common()
	vs := common.Args
	if common.IsInvoke() {
		vs = []ssa.Value{common.Value}
	}
	var out []int
	for _, v := range vs {
		for _, r := range fa.refs[v] {
			if !r.cell && (r.kind == kBody || r.kind.isWrapper()) {
				out = appendUnique(out, r.obl)
			}
		}
	}
	return out
}

func unwrapIface(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return v
		}
	}
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
// a call with the given signature (the receiver is argument 0 of a static
// method call, and is not in the signature's parameters).
func paramType(sig *types.Signature, i int) types.Type {
	if sig.Recv() != nil {
		if i == 0 {
			return sig.Recv().Type()
		}
		i--
	}
	n := sig.Params().Len()
	if n == 0 {
		return nil
	}
	if i >= n-1 && sig.Variadic() {
		return sig.Params().At(n - 1).Type()
	}
	if i >= n {
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
