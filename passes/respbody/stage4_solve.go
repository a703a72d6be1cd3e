package respbody

import (
	"golang.org/x/tools/go/ssa"
)

// Stage 4: the forward dataflow over the control-flow graph, to the fixed
// point of the states (state.go) at each block's entry.

// A run says which paths one run of the dataflow takes: those whose error
// is of class world (classBoth: all; see opAssume), and, for the sources
// whose summaries split what they owe by status, way number way of each
// (-1: all ways at once; see events.sourceRuns).
type run struct {
	world exitClass
	way   int
}

// allPaths is the run that takes every path.
var allPaths = run{world: classBoth, way: -1}

// runs lists the runs of the dataflow the events ask for: one for each way
// the sources split by status can be owed (events.sourceRuns), or one that
// takes every path; and where an edge assumes a class of error
// (events.byWorld), one for each class (the summary's exits by class),
// besides the run over every path.
func (ev *events) runs() []run {
	switch {
	case ev.byWorld:
		return []run{allPaths, {world: classOK, way: -1}, {world: classErr, way: -1}}
	case ev.sourceRuns > 0:
		rs := make([]run, ev.sourceRuns)
		for way := range rs {
			rs[way] = run{world: classBoth, way: way}
		}
		return rs
	}
	return []run{allPaths}
}

// A flowResult holds the state of every obligation at the entry of every
// reachable block, and, where the function tests statuses (events.status),
// the statuses each obligation's response can have there.
type flowResult struct {
	in [][]state     // by block index, then obligation; nil if unreachable
	st [][]StatusSet // the same, for the statuses of events.slot; nil when not tracked
}

// A statusVec holds, at one point of a path, the statuses of the
// obligations whose status the function tests (events.slot); every other
// obligation's response can have any status. A nil sets tracks nothing.
type statusVec struct {
	slot []int // obligation -> index in sets, or -1
	sets []StatusSet
}

// get returns the statuses obligation obl's response can have.
func (v statusVec) get(obl int) StatusSet {
	if v.sets == nil || v.slot[obl] < 0 {
		return anyStatus
	}
	return v.sets[v.slot[obl]]
}

// put sets the statuses of obligation obl, if tracked.
func (v statusVec) put(obl int, s StatusSet) {
	if v.sets != nil && v.slot[obl] >= 0 {
		v.sets[v.slot[obl]] = s
	}
}

// clone returns a copy of v that does not share its sets.
func (v statusVec) clone() statusVec {
	if v.sets != nil {
		v.sets = append([]StatusSet(nil), v.sets...)
	}
	return v
}

// solve runs the dataflow. Each block is revisited only when its entry
// state grows, and a state can grow at most once per atom and obligation, so
// the cost is linear in blocks times obligations, whatever the nesting of
// branches and loops. Statuses, where tracked, only grow too (by join), at
// most once per status and obligation.
//
// r says which paths the run takes (see run).
func (fa *funcAnalysis) solve(ev *events, r run) *flowResult {
	n := len(fa.obls)
	res := &flowResult{in: make([][]state, len(fa.fn.Blocks))}
	if len(fa.fn.Blocks) == 0 {
		return res
	}
	entry := make([]state, n)
	for i, o := range fa.obls {
		if o.isSource() {
			entry[i] = sNone
		} else {
			entry[i] = sOpen
		}
	}
	res.in[0] = entry
	cur, out := make([]state, n), make([]state, n)
	curSt, outSt := ev.newStatusVec(), ev.newStatusVec()
	if curSt.sets != nil {
		res.st = make([][]StatusSet, len(fa.fn.Blocks))
		res.st[0] = make([]StatusSet, len(curSt.sets)) // every status
	}
	queued := make([]bool, len(fa.fn.Blocks))
	work := []*ssa.BasicBlock{fa.fn.Blocks[0]}
	queued[0] = true
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		copy(cur, res.in[b.Index])
		if curSt.sets != nil {
			copy(curSt.sets, res.st[b.Index])
		}
		if !runEvents(ev.blocks[b.Index], cur, curSt, r, nil) {
			continue
		}
		for si, succ := range b.Succs {
			copy(out, cur)
			copy(outSt.sets, curSt.sets)
			if !runEvents(ev.edges[edge{b.Index, si}], out, outSt, r, nil) {
				continue
			}
			if join(res, succ, out, outSt) && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	return res
}

// runEvents applies events to cur (and the statuses st, when tracked), in
// order. If seen is not nil, it is told the state before each event (for
// the findings). It reports whether the path goes on (no event ended it,
// and it is of the run's class).
func runEvents(evs []event, cur []state, st statusVec, r run, seen func(e event, before []state, st statusVec)) bool {
	for _, e := range evs {
		if e.op == opAssume && e.class&r.world == 0 {
			return false
		}
		if seen != nil {
			seen(e, cur, st)
		}
		switch e.op {
		case opNoReturn:
			return false
		case opAssume:
		case opExit:
		case opProduce:
			set, status := e.produced(r.way)
			for _, obl := range e.obls {
				if cur[obl] != 0 {
					cur[obl] = set
					st.put(obl, status)
				}
			}
		case opStatus:
			for _, obl := range e.obls {
				// Where no status is left, no path of this obligation
				// gets here.
				s := st.get(obl).and(e.status)
				st.put(obl, s)
				if s.isEmpty() {
					cur[obl] = 0
				}
			}
		case opApply, opDeferApply:
			for _, obl := range e.obls {
				if e.repeat {
					cur[obl] = applyRepeated(e.set, cur[obl])
					continue
				}
				cur[obl] = apply(e.set, cur[obl], e.op == opDeferApply)
			}
		default:
			for _, obl := range e.obls {
				cur[obl] = transfer(e.op, cur[obl])
			}
		}
	}
	return true
}

// produced returns the state and statuses a produce event starts its
// sources in. A source whose summary splits what it owes by status
// (bySource) starts, in run way k, in its way k (modulo their number): one
// state, with the statuses it comes with. If the produce was moved onto the
// edge of an error check, a way of the other class of exit starts in no
// state at all (no path).
func (e *event) produced(way int) (state, StatusSet) {
	if !e.bySource || way < 0 {
		return e.set, anyStatus
	}
	w := e.statuses[way%len(e.statuses)]
	if e.class != 0 && e.class&w.Class == 0 {
		return 0, noStatus
	}
	return w.Owes, w.Status
}

// join merges out (and its statuses) into the entry state of succ and
// reports whether that state grew (or succ was reached for the first time).
func join(res *flowResult, succ *ssa.BasicBlock, out []state, outSt statusVec) bool {
	in := res.in[succ.Index]
	if in == nil {
		res.in[succ.Index] = append(make([]state, 0, len(out)), out...)
		if outSt.sets != nil {
			res.st[succ.Index] = append(make([]StatusSet, 0, len(outSt.sets)), outSt.sets...)
		}
		return true
	}
	grew := false
	for i, s := range out {
		if in[i]|s != in[i] {
			in[i] |= s
			grew = true
		}
	}
	if outSt.sets != nil {
		inSt := res.st[succ.Index]
		for i, s := range outSt.sets {
			if j := inSt[i].or(s); j != inSt[i] {
				inSt[i] = j
				grew = true
			}
		}
	}
	return grew
}
