package respbody

// This file turns calls into events: what the call's summary says it does
// to each body it is given (closes, drains, hand-offs, paths that end), and
// the bodies it produces. Where no summary exists, the types decide.

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A callSite is one call (or deferred call) being turned into events.
type callSite struct {
	b        *ssa.BasicBlock
	instr    ssa.CallInstruction
	deferred bool
	// repeat: the call applies what it does any number of times, none
	// included (an iterator calling the body of a range-over-func loop).
	repeat bool
	// edge, when not nil, is where the events go instead of b: the edge
	// on which a range-over-func loop was left early.
	edge *edge
}

// callEvents records what a call (or deferred call) does to the
// obligations among its receiver, arguments and captured variables, then
// the bodies it produces and whether it returns.
func (eb *eventBuilder) callEvents(b *ssa.BasicBlock, instr ssa.CallInstruction, deferred bool) {
	cs := callSite{b: b, instr: instr, deferred: deferred}
	common := instr.Common()
	s := eb.c.callSummary(common)
	callee := common.StaticCallee()
	eb.loopBodyEvents(cs, common)
	switch {
	case common.IsInvoke():
		eb.invokeEvents(cs, common, s)
	case callee == nil:
		// A call of a function value: it may call a closure it holds, and
		// do anything its parameter types allow with its arguments. One
		// that closes a body (resp.Body.Close as a value) closes it.
		for _, r := range eb.refs[common.Value] {
			if r.kind == kCloser && !r.cell && eb.certainCloser(common.Value) {
				eb.put(cs, opClose, r.obl, "")
			} else {
				eb.put(cs, opEscape, r.obl, "")
			}
		}
		eb.unknownArgs(cs, common.Args, common.Signature())
	default:
		eb.staticEvents(cs, common, callee, s)
	}
	if deferred {
		return
	}
	if call, ok := instr.(*ssa.Call); ok {
		for _, obl := range eb.sourceOf[call] {
			o := eb.obls[obl]
			e := event{
				op: opProduce, obls: []int{obl}, instr: call,
				set: o.start[okExit] | o.start[errExit], byErr: o.start,
				splittable: o.start[okExit] != o.start[errExit],
			}
			if len(o.statuses) > 0 {
				e.bySource, e.statuses = true, o.statuses // see trackStatuses
			}
			eb.emit(b, e)
		}
	}
	if s != nil && s.NoReturn {
		eb.emit(b, event{op: opNoReturn, instr: instr})
	}
}

// put emits a simple op on one obligation, deferred if the call is.
func (eb *eventBuilder) put(cs callSite, o op, obl int, via string) {
	if cs.deferred {
		switch o {
		case opDrain, opGiveUp, opAssumeRead, opReadFailed, opReplace:
			return // at the exit, too late to matter
		case opClose:
			o = opDeferClose
		case opCloseRead:
			o = opDeferCloseRead
		}
	}
	if o == opNoop {
		return
	}
	eb.emit(cs.b, event{op: o, obls: []int{obl}, instr: cs.instr, via: via})
}

// invokeEvents handles a call of an interface method.
func (eb *eventBuilder) invokeEvents(cs callSite, common *ssa.CallCommon, s *Summary) {
	name := common.Method.Name()
	for _, r := range eb.refs[common.Value] {
		switch {
		case r.cell:
			eb.put(cs, opEscape, r.obl, "")
		case r.kind == kBody && name == "Close":
			eb.put(cs, opClose, r.obl, "")
		case r.kind == kBody || r.kind.isWrapper():
			// Read reads part of the body (a wrapper's Close does not
			// close the body; other methods do not touch it).
			if name == "Read" {
				eb.partialRead(cs, r.obl)
			}
		default:
			eb.put(cs, opEscape, r.obl, "")
		}
	}
	if s == nil {
		eb.unknownArgs(cs, common.Args, common.Method.Type().(*types.Signature))
		return
	}
	for i, a := range common.Args {
		if loopBody(a) != nil {
			continue // see loopBodyEvents
		}
		for _, r := range eb.refs[a] {
			if r.kind == kClosure || r.kind == kCloser {
				eb.put(cs, opEscape, r.obl, "")
				continue
			}
			eb.applyParam(cs, s.param(i+1), s, r, common.Method.Name())
		}
	}
}

// staticEvents handles a call of a known function or closure.
func (eb *eventBuilder) staticEvents(cs callSite, common *ssa.CallCommon, callee *ssa.Function, s *Summary) {
	name := calleeName(callee)
	isMethod := callee.Signature.Recv() != nil
	for i, a := range common.Args {
		if loopBody(a) != nil {
			continue // see loopBodyEvents
		}
		for _, r := range eb.refs[a] {
			switch {
			case r.kind == kClosure:
				eb.put(cs, opEscape, r.obl, "") // the callee may call it later
			case r.kind == kCloser:
				// closeQuietly(resp.Body.Close): a callee that calls the
				// function it is given on every path closes the body;
				// one that may keep it, or not call it, takes it.
				if s != nil && !r.cell && callsOnEveryPath(s.param(i)) && eb.certainCloser(a) {
					eb.applyParam(cs, s.param(i), s, r, name)
				} else {
					eb.put(cs, opEscape, r.obl, "")
				}
			case i == 0 && isMethod && !r.cell && r.kind != kResp && (s == nil || s.param(0).untouched() && !ownsBody(a.Type())):
				eb.wrapperMethod(cs, callee.Name(), r)
			case s != nil && s != observes && s.param(i).untouched() && isSliceOrArray(paramType(callee.Signature, isMethod, i)) && !s.readsThrough(i):
				// A slice that holds the body (CloseAll(resp.Body), a
				// variadic parameter): summaries do not follow elements,
				// so the callee may close or keep it. A reader over the
				// slice (io.MultiReader) carries the body on in its result.
				// An observer (fmt.Print(resp), log.Printf("%v", resp))
				// only looks at its elements.
				eb.put(cs, opEscape, r.obl, "")
			case s != nil:
				eb.applyParam(cs, s.param(i), s, r, name)
			case eb.c.local(callee):
				eb.put(cs, opEscape, r.obl, "") // recursion into a function being summarized
			default:
				eb.unknownArg(cs, r, paramType(callee.Signature, isMethod, i))
			}
		}
	}
	// Variables captured by a closure called here.
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		read := eb.readThroughBindings(mc, s)
		for j, bv := range mc.Bindings {
			onErr := opNoop
			if s != nil && cs.deferred {
				onErr = eb.closesOnErr(mc, j, s)
			}
			for _, r := range eb.refs[bv] {
				switch {
				case s == nil:
					eb.put(cs, opEscape, r.obl, "")
				case onErr != opNoop:
					eb.put(cs, onErr, r.obl, "")
				default:
					p := s.param(len(callee.Params) + j)
					if read[r.obl] {
						p.Exits[okExit] = p.Exits[okExit].each(closedAfterRead)
						p.Exits[errExit] = p.Exits[errExit].each(closedAfterRead)
					}
					eb.applyParam(cs, p, s, r, name)
				}
			}
		}
	}
}

// readThroughBindings returns the obligations that a closure reads through
// one of its captured variables while it closes them through another
// (body := resp.Body; defer func() { io.Copy(io.Discard, body);
// resp.Body.Close() }()): the closure reads before it closes.
func (eb *eventBuilder) readThroughBindings(mc *ssa.MakeClosure, s *Summary) map[int]bool {
	if s == nil || len(mc.Bindings) < 2 {
		return nil
	}
	callee := mc.Fn.(*ssa.Function)
	reads := make(map[int]int)
	var out map[int]bool
	for j, bv := range mc.Bindings {
		p := s.param(len(callee.Params) + j)
		if (p.Exits[okExit]|p.Exits[errExit])&drained == 0 {
			continue
		}
		for _, r := range eb.refs[bv] {
			reads[r.obl]++
		}
	}
	for j, bv := range mc.Bindings {
		p := s.param(len(callee.Params) + j)
		if (p.Exits[okExit]|p.Exits[errExit])&sClosedUnread == 0 {
			continue
		}
		for _, r := range eb.refs[bv] {
			if reads[r.obl] > 0 {
				if out == nil {
					out = make(map[int]bool)
				}
				out[r.obl] = true
			}
		}
	}
	return out
}

// closedAfterRead is a parameter's exit state when another captured
// variable read the same body first.
func closedAfterRead(a state) state {
	if a == sClosedUnread {
		return sClosed
	}
	return a
}

// closesOnErr returns opCloseOnErr (or opDrainOnErr) when the deferred
// closure mc leaves the body in its binding j alone where the error it
// captured is nil and closes it (after a drain) where it is not, and that
// error is the function's own error result: the close then happens exactly
// at the exits that return an error. Otherwise it returns opNoop.
func (eb *eventBuilder) closesOnErr(mc *ssa.MakeClosure, j int, s *Summary) op {
	callee := mc.Fn.(*ssa.Function)
	d := decidingErr(callee)
	if d < 0 || mc.Bindings[d] != eb.errResultCell() {
		return opNoop
	}
	p := s.param(len(callee.Params) + j)
	ok, bad := p.Exits[okExit], p.Exits[errExit]
	if ok&^sOpen != 0 {
		return opNoop
	}
	switch {
	case bad == sClosedUnread:
		return opCloseOnErr
	case bad == sClosed:
		return opDrainOnErr
	}
	return opNoop
}

// wrapperMethod handles a method called on a concrete reader over the body
// (or a wrapper that closes it): Close closes a wrapper that holds the body
// itself, Read reads part of it, and so does any method of a std reader,
// decoder or scanner (Decode, ReadString, Scan) that has no entry.
func (eb *eventBuilder) wrapperMethod(cs callSite, method string, r ref) {
	switch {
	case method == "Close":
		if r.kind == kBody {
			eb.put(cs, opClose, r.obl, "")
		}
	case method == "Read" || r.kind.isWrapper():
		eb.partialRead(cs, r.obl)
	}
}

// applyParam applies a callee's summary s of one parameter p to the
// obligation an argument holds. A wrapper over the body passed where the
// callee closes is closed, not the body. Where a callee that always fails
// returned a nil error, or one that never fails returned a non-nil one, the
// path cannot be taken.
func (eb *eventBuilder) applyParam(cs callSite, p Param, s *Summary, r ref, name string) {
	if p.Partial && cs.edge == nil {
		eb.partialRead(cs, r.obl)
	}
	exits := p.Exits
	for _, c := range []struct {
		never     bool
		dead, any int
	}{{s.Fails, okExit, errExit}, {s.NeverFails, errExit, okExit}} {
		if c.never {
			exits[c.any] = orOpen(exits[c.any])
			exits[c.dead] = sNone
		}
	}
	if exits == [2]state{} {
		return
	}
	if r.kind.isWrapper() {
		for c := range exits {
			exits[c] = exits[c].each(closingWrapper)
		}
	}
	if r.kind == kBounded {
		for c := range exits {
			exits[c] = exits[c].each(boundedRead)
		}
	}
	e := event{
		op: opApply, obls: []int{r.obl}, instr: cs.instr, via: name,
		set: exits[okExit] | exits[errExit], byErr: exits,
		splittable: exits[okExit] != exits[errExit],
	}
	if p.IfBool != [2][2]state{} && !s.Fails && !s.NeverFails && (r.kind == kResp || r.kind == kBody) && !r.cell {
		// The exits by the callee's bool result: a branch on it may
		// split them (splitAtBoolCheck).
		e.byBool = p.IfBool
		e.boolSets = [2]state{p.IfBool[0][okExit] | p.IfBool[0][errExit], p.IfBool[1][okExit] | p.IfBool[1][errExit]}
	}
	if cs.deferred {
		e.op, e.splittable, e.boolSets = opDeferApply, false, [2]state{}
	}
	if cs.repeat {
		e.repeat, e.splittable, e.boolSets = true, false, [2]state{}
	}
	if cs.edge != nil {
		e.splittable, e.boolSets = false, [2]state{}
		eb.ev.edges[*cs.edge] = append(eb.ev.edges[*cs.edge], e)
		return
	}
	eb.emit(cs.b, e)
}

// callsOnEveryPath reports whether a callee's summary of a function
// parameter (kCloser) says the callee calls it on every path that returns,
// or defers the call: it is closed at every exit.
func callsOnEveryPath(p Param) bool {
	for _, e := range p.Exits {
		if e == 0 || e&^(sClosedUnread|sClosed) != 0 {
			return false
		}
	}
	return true
}

// certainCloser reports whether the function value v is certainly the
// closer it holds: the method value itself, or a parameter or captured
// variable holding it, not a merge of it with other functions (a call of
// which may call another).
func (fa *funcAnalysis) certainCloser(v ssa.Value) bool {
	for range 4 {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	switch x := fa.storedValue(v).(type) {
	case *ssa.MakeClosure, *ssa.Parameter, *ssa.FreeVar:
		return true
	case *ssa.UnOp:
		_, free := x.X.(*ssa.FreeVar)
		return free && x.Op == token.MUL
	}
	return false
}

// closingWrapper is what an exit state of a parameter means for the body
// when the argument was a reader over it: closing the reader leaves the
// body open.
func closingWrapper(a state) state {
	switch a {
	case sClosedUnread:
		return sOpen
	case sClosed:
		return sRead
	}
	return a
}

// boundedRead is what an exit state of a parameter means for the body when
// the argument was a bounded reader over it (io.LimitReader): reading it
// to EOF reads the body up to the bound, which is a deliberate drain but
// not EOF; a body longer than the bound is left unread.
func boundedRead(a state) state {
	if a == sRead {
		return sBounded
	}
	return a
}

// partialRead handles a read of part of the body. A loop that reads a body
// obtained before the loop consumes a stream until something stops it: its
// exits (the input ended or failed, the context is done, the caller has
// seen enough) give up on the rest on purpose, and a stream cannot be
// drained anyway. So every edge that leaves such a loop gives up on it.
func (eb *eventBuilder) partialRead(cs callSite, obl int) {
	if cs.deferred {
		return
	}
	eb.ev.partial[obl] = true
	lp := eb.loopsInfo()
	c := lp.comp[cs.b.Index]
	if !lp.cyclic[c] {
		return
	}
	if o := eb.obls[obl]; o.call != nil && lp.comp[o.call.Block().Index] == c {
		return // a new body each time round: not a stream
	}
	eb.streams[c] = appendUnique(eb.streams[c], obl)
}

// streamExits gives up on each stream on every edge that leaves the loop
// that reads it.
func (eb *eventBuilder) streamExits() {
	if len(eb.streams) == 0 {
		return
	}
	lp := eb.loops
	for _, b := range eb.fn.Blocks {
		c := lp.comp[b.Index]
		obls := eb.streams[c]
		if len(obls) == 0 {
			continue
		}
		for si, succ := range b.Succs {
			if lp.comp[succ.Index] != c {
				eb.emitEdge(b, si, event{op: opGiveUp, obls: obls, instr: b.Instrs[len(b.Instrs)-1]})
			}
		}
	}
}

func (eb *eventBuilder) loopsInfo() *loops {
	if eb.loops == nil {
		eb.loops = findLoops(eb.fn.Blocks)
	}
	return eb.loops
}

// unknownArgs applies unknownArg to the arguments of a call of an interface
// method or a function value (the arguments hold no receiver).
func (eb *eventBuilder) unknownArgs(cs callSite, args []ssa.Value, sig *types.Signature) {
	for i, a := range args {
		if loopBody(a) != nil {
			continue // see loopBodyEvents
		}
		for _, r := range eb.refs[a] {
			eb.unknownArg(cs, r, paramType(sig, false, i))
		}
	}
}

// unknownArg decides what code respbody cannot see does with an argument
// holding r, from the parameter's type alone. A reader over the body, or
// the body passed as a plain io.Reader, may be read to EOF: no drain is
// owed after it, as the price of silence on code we cannot see, but the
// close still is. Anything else may be kept.
func (eb *eventBuilder) unknownArg(cs callSite, r ref, param types.Type) {
	switch {
	case r.cell || r.kind == kClosure || r.kind == kCloser || r.kind == kResp:
		eb.put(cs, opEscape, r.obl, "")
	case r.kind.isWrapper():
		eb.put(cs, opAssumeRead, r.obl, "")
	case param != nil && isPlainReader(param):
		eb.put(cs, opAssumeRead, r.obl, "")
	default:
		eb.put(cs, opEscape, r.obl, "")
	}
}

// isSliceOrArray reports whether t is a slice or array type.
func isSliceOrArray(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Array:
		return true
	}
	return false
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

// loopBodyEvents handles the iterator call of a range-over-func loop
// (seq(yield)): the iterator calls the loop body any number of times while
// the call runs, and cannot keep it (a yield called after the loop ended
// panics). So what the body does to each variable it captures happens at
// the call: what its iterations that go on do, zero or more times, and,
// on the edge where the loop was left early (break, return, goto: the body
// returned false, see classOf), what that last iteration did. The loop
// costs nothing to the bodies it does not touch. Other arguments and the
// iterator itself are handled as in any call.
func (eb *eventBuilder) loopBodyEvents(cs callSite, common *ssa.CallCommon) {
	if cs.deferred {
		return
	}
	for _, a := range common.Args {
		mc := loopBody(a)
		if mc == nil {
			continue
		}
		callee := mc.Fn.(*ssa.Function)
		s := eb.c.summary(callee)
		left := eb.loopLeft(cs, mc)
		for j, bv := range mc.Bindings {
			for _, r := range eb.refs[bv] {
				if s == nil {
					eb.put(cs, opEscape, r.obl, "")
					continue
				}
				p := s.param(len(callee.Params) + j)
				if p.Exits == [2]state{} {
					if p.Partial {
						eb.partialRead(cs, r.obl)
					}
					continue
				}
				iter := cs
				iter.repeat = true
				goOn := p
				goOn.Exits = both(p.Exits[okExit])
				eb.applyParam(iter, goOn, s, r, "the loop body")
				end := cs
				stop := Param{Exits: both(p.Exits[errExit])}
				if left != nil {
					end.edge = left
				} else {
					stop.Exits = both(p.Exits[errExit] | sOpen) // maybe
				}
				eb.applyParam(end, stop, s, r, "the loop body")
			}
		}
	}
}

// loopLeft returns the edge on which the range-over-func loop whose body mc
// is was left early (its jump variable is not READY after the iterator
// call), or nil if it is not found.
func (eb *eventBuilder) loopLeft(cs callSite, mc *ssa.MakeClosure) *edge {
	callee := mc.Fn.(*ssa.Function)
	for j, bv := range mc.Bindings {
		if !strings.HasPrefix(callee.FreeVars[j].Name(), "jump$") || !eb.isLocalCell(bv) {
			continue
		}
		for _, ref := range referrers(bv) {
			load, ok := ref.(*ssa.UnOp)
			if !ok || load.Op != token.MUL || load.Block() != cs.b || !comesAfter(load, cs.instr) {
				continue
			}
			for _, use := range referrers(load) {
				cmp, ok := use.(*ssa.BinOp)
				if !ok || cmp.Op != token.EQL {
					continue
				}
				if k, ok := cmp.Y.(*ssa.Const); !ok || k.Value == nil || k.Value.String() != "0" {
					continue
				}
				for _, u := range referrers(cmp) {
					if ifInstr, ok := u.(*ssa.If); ok {
						return &edge{ifInstr.Block().Index, elseEdge}
					}
				}
			}
		}
	}
	return nil
}
