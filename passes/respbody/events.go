package respbody

import (
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
				o, ok := effectOp(s.Params[idx])
				if ok {
					o, ok = deferredOp(o)
				}
				if !ok {
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
