package respbody

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Stage 3: every instruction and branch that touches an obligation becomes
// an event, in order, block by block and edge by edge.

// An event is an op applied at an instruction to some obligations.
type event struct {
	op    op
	obls  []int
	instr ssa.Instruction
	via   string // the helper that closes, for messages ("" if direct)
	// set is the starting state (opProduce) or the callee's exit states
	// (opApply, opDeferApply).
	set state
	// byErr holds set by class of the call's error, for a produce or apply
	// whose call a branch on that error may split (see splitAtErrorCheck).
	byErr      [2]state
	splittable bool
	// byBool holds, for an apply of a callee with a bool result, its exit
	// sets by that result (false, true) and class; boolSets, the two sets
	// for the classes this event is still taken in (both, or the one an
	// error check chose), zero when a branch on the result cannot split it
	// (see splitAtBoolCheck).
	byBool   [2][2]state
	boolSets [2]state
	// repeat: an opApply that may happen any number of times, none
	// included (the body of a range-over-func loop).
	repeat bool
	// class says which exits an opExit is: okExit, errExit, or both.
	class exitClass
	// forks, at an opExit that returns the error of a call (return
	// check(resp)), are that call's events: the exit is taken once with
	// their sets for a nil error, once with those for a non-nil one.
	forks []event
	// status: for opStatus, the statuses the response can have here;
	// statusByErr, by class of the call's error, for one that forks a
	// return of that error (see statusForks).
	status      StatusSet
	statusByErr [2]StatusSet
	// bySource: a produce whose callee's summary splits what it owes by
	// status (statuses); each way is then a run of its own
	// (events.sourceRuns).
	bySource bool
	statuses []StatusOwes
}

// An edge is the edge from a block to its successor number succ.
type edge struct{ block, succ int }

// events is what stage 3 hands over: the events of each block and edge, and
// what the summary needs to know besides.
type events struct {
	blocks [][]event // by block index, in order
	edges  map[edge][]event
	// partial: obligations of which some path reads part.
	partial map[int]bool
	// byWorld: some edge assumes a class of error (opAssume), in a closure
	// whose effect depends on an error it captured
	// (func() { if err != nil { resp.Body.Close() } }): the dataflow runs
	// once for each class, and a path of the other class stops there.
	byWorld bool
	// slot: for the obligations whose status some event tests (opStatus),
	// their index among the tracked statuses (statusVec); -1 for the
	// others; nil when none is. nslots: how many are tracked.
	slot   []int
	nslots int
	// sourceRuns: some sources' summaries split what they owe by status
	// (Result.Statuses): the dataflow runs once for each way (run k takes
	// way k of every such source, modulo their number), so that a test of
	// the status that rules ways out leaves what the others owe. Zero:
	// one run.
	sourceRuns int
}

// An eventBuilder collects the events of one function.
type eventBuilder struct {
	*funcAnalysis
	ev         *events
	cellDefers map[ssa.Value][]event // deferred effects on whatever a cell holds
	loops      *loops                // the loops of the CFG, computed on demand
	// streams: per loop (component), the obligations it reads in part as a
	// stream; every edge that leaves the loop gives up on them.
	streams map[int][]int
}

// collectEvents runs stage 3.
func (fa *funcAnalysis) collectEvents() *events {
	eb := &eventBuilder{
		funcAnalysis: fa,
		ev: &events{
			blocks:  make([][]event, len(fa.fn.Blocks)),
			edges:   make(map[edge][]event),
			partial: make(map[int]bool),
		},
		cellDefers: make(map[ssa.Value][]event),
		streams:    make(map[int][]int),
	}
	eb.collectCellDefers()
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			eb.instrEvents(b, instr)
		}
		eb.splitAtErrorCheck(b)
	}
	for _, b := range fa.fn.Blocks {
		eb.splitAtBoolCheck(b)
	}
	eb.streamExits()
	eb.trackStatuses()
	return eb.ev
}

// trackStatuses decides which obligations the dataflow tracks statuses
// for: those whose status some event tests (events.slot). It keeps split
// by status only the sources among them: for the others every way would
// take the same paths, and the runs would repeat each other.
func (eb *eventBuilder) trackStatuses() {
	ev := eb.ev
	var slot []int
	ev.eachEvent(func(e *event) {
		if e.op != opStatus {
			return
		}
		if slot == nil {
			slot = make([]int, len(eb.obls))
			for i := range slot {
				slot[i] = -1
			}
		}
		for _, obl := range e.obls {
			if slot[obl] < 0 {
				slot[obl] = ev.nslots
				ev.nslots++
			}
		}
	})
	ev.slot = slot
	ev.sourceRuns = 0
	ev.eachEvent(func(e *event) {
		if !e.bySource {
			return
		}
		if slot == nil || slot[e.obls[0]] < 0 {
			e.bySource, e.statuses = false, nil
			return
		}
		ev.sourceRuns = max(ev.sourceRuns, len(e.statuses))
	})
}

// newStatusVec returns statuses for the tracked obligations (see
// trackStatuses), every status for each; none if none is tracked.
func (ev *events) newStatusVec() statusVec {
	if ev.nslots == 0 {
		return statusVec{}
	}
	return statusVec{slot: ev.slot, sets: make([]StatusSet, ev.nslots)}
}

// eachEvent calls f with every event: of the blocks, the edges, and the
// forks of exits.
func (ev *events) eachEvent(f func(*event)) {
	each := func(evs []event) {
		for i := range evs {
			f(&evs[i])
			for j := range evs[i].forks {
				f(&evs[i].forks[j])
			}
		}
	}
	for _, evs := range ev.blocks {
		each(evs)
	}
	for _, evs := range ev.edges {
		each(evs)
	}
}

func (eb *eventBuilder) emit(b *ssa.BasicBlock, e event) {
	if e.op != opExit && e.op != opNoReturn && len(e.obls) == 0 {
		return
	}
	eb.ev.blocks[b.Index] = append(eb.ev.blocks[b.Index], e)
}

func (eb *eventBuilder) emitEdge(b *ssa.BasicBlock, succ int, e event) {
	if len(e.obls) == 0 {
		return
	}
	k := edge{b.Index, succ}
	eb.ev.edges[k] = append(eb.ev.edges[k], e)
}

func (eb *eventBuilder) instrEvents(b *ssa.BasicBlock, instr ssa.Instruction) {
	switch x := instr.(type) {
	case *ssa.Call:
		eb.callEvents(b, x, false)
	case *ssa.Defer:
		eb.callEvents(b, x, true)
	case *ssa.Go:
		eb.emit(b, event{op: opEscape, obls: eb.oblsOf(x.Call.Value, x.Call.Args...), instr: x})
		if mc, ok := x.Call.Value.(*ssa.MakeClosure); ok {
			eb.emit(b, event{op: opEscape, obls: eb.oblsOf(nil, mc.Bindings...), instr: x})
		}
		for i, o := range eb.obls {
			if o.goStmt == x {
				eb.emit(b, event{op: opProduce, obls: []int{i}, set: sOpen, instr: x})
			}
		}
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			// A receive takes the response in flight: the receiver owns it.
			eb.emit(b, event{op: opEscape, obls: eb.sendsOn(x.X), instr: x})
		}
	case *ssa.Return:
		eb.emit(b, event{op: opExit, obls: eb.oblsOf(nil, eb.returnedValues(x)...), instr: x, class: eb.classOf(x)})
	case *ssa.Store:
		eb.storeEvents(b, x)
	case *ssa.Send:
		eb.emit(b, event{op: opEscape, obls: eb.oblsOf(nil, x.X), instr: x})
	case *ssa.Select:
		if len(x.States) == 1 && x.Blocking {
			// The one case is taken: its send, or its receive, happens.
			if st := x.States[0]; st.Send != nil {
				eb.emit(b, event{op: opEscape, obls: eb.oblsOf(nil, st.Send), instr: x})
			} else {
				eb.emit(b, event{op: opEscape, obls: eb.sendsOn(st.Chan), instr: x})
			}
		}
		// Otherwise a send happens on the edge where its case is chosen
		// (ifEvents).
	case *ssa.MapUpdate:
		eb.emit(b, event{op: opEscape, obls: eb.oblsOf(nil, x.Key, x.Value), instr: x})
	case *ssa.If:
		eb.ifEvents(b, x)
	}
}

// returnedValues returns the values a return returns, seen through the
// named result variables a function with defers loads them from.
func (fa *funcAnalysis) returnedValues(ret *ssa.Return) []ssa.Value {
	vs := make([]ssa.Value, len(ret.Results))
	for i, v := range ret.Results {
		vs[i] = fa.storedValue(v)
	}
	return vs
}

// storeEvents handles a store. Into a variable of this function it is no
// hand-off (a deferred closure over the variable acts on whatever it
// holds); into a reader that wraps the body, or an error that carries the
// response, neither. Storing a new body into a response's Body replaces the
// old one, unless the new one is a wrapper whose Close closes the old one (a
// reader over it that cannot close it, as io.NopCloser, replaces it too).
// Any other store hands off what it stores.
func (eb *eventBuilder) storeEvents(b *ssa.BasicBlock, x *ssa.Store) {
	if eb.isLocalCell(x.Addr) {
		stored := eb.oblsOf(nil, x.Val)
		undone := false
		for _, d := range eb.cellDefers[x.Addr] {
			if !comesAfter(x, d.instr) {
				continue // the defer statement itself applies it
			}
			if !undone {
				// What the variable held before is out of the deferred
				// closure's reach from now on.
				eb.emit(b, event{op: opUndefer, obls: eb.heldBefore(x.Addr, stored), instr: x})
				undone = true
			}
			d.obls = stored
			eb.emit(b, d)
		}
		return
	}
	// stored: the sources whose body the stored value is, or holds in a
	// way its Close closes (a wrapper with a Close over the body); not a
	// reader over it that cannot close it (io.NopCloser, gzip.NewReader).
	stored := make(map[int]bool)
	var escaped []int
	for _, r := range eb.refs[x.Val] {
		if r.kind == kBody || r.kind == kResp {
			stored[r.obl] = true
		}
		if w, _ := eb.wrapperStore(x.Addr, r); w != nil || eb.responseWrapperStore(x.Addr, r) != nil || (eb.localArray(x.Addr) != nil && r.kind != kClosure && r.kind != kCloser) {
			continue
		}
		if r.kind == kResp && eb.carriedByError(x.Addr) {
			continue
		}
		escaped = appendUnique(escaped, r.obl)
	}
	if fieldAddr, ok := x.Addr.(*ssa.FieldAddr); ok && isBodyField(fieldAddr.X.Type(), fieldAddr.Field) {
		var replaced []int
		for _, r := range eb.refs[fieldAddr.X] {
			if r.kind != kResp || r.cell {
				continue
			}
			if stored[r.obl] {
				// resp.Body = wrap(resp.Body): still its body.
				escaped = remove(escaped, r.obl)
				continue
			}
			// Replaced: by another body, or by a reader over this one
			// whose Close does not close it (resp.Body =
			// io.NopCloser(io.MultiReader(head, resp.Body))), after which
			// no caller's resp.Body.Close() can reach it.
			replaced = appendUnique(replaced, r.obl)
		}
		eb.emit(b, event{op: opReplace, obls: replaced, instr: x})
	}
	eb.emit(b, event{op: opEscape, obls: escaped, instr: x})
}

// heldBefore returns the sources a variable may hold other than those of
// the value stored now: the ones a store into it replaces.
func (eb *eventBuilder) heldBefore(cell ssa.Value, stored []int) []int {
	var out []int
	for _, r := range eb.refs[cell] {
		if !slices.Contains(stored, r.obl) {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

// collectCellDefers finds the closures deferred over a variable: they act,
// at exit, on whatever the variable then holds, even a response stored in
// it after the defer statement. Each store into the variable applies them.
func (eb *eventBuilder) collectCellDefers() {
	for _, b := range eb.fn.Blocks {
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
			s := eb.c.summary(callee)
			if s == nil {
				continue
			}
			for j, bv := range mc.Bindings {
				p := s.param(len(callee.Params) + j)
				if !eb.isLocalCell(bv) || p.Exits == [2]state{} {
					continue
				}
				e := event{op: opDeferApply, set: p.Exits[okExit] | p.Exits[errExit], instr: d}
				if o := eb.closesOnErr(mc, j, s); o != opNoop {
					e = event{op: o, instr: d}
				}
				eb.cellDefers[bv] = append(eb.cellDefers[bv], e)
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

func remove(s []int, x int) []int {
	out := s[:0]
	for _, y := range s {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}
