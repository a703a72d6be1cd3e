package respbody

import (
	"golang.org/x/tools/go/ssa"
)

// A state is the set of conditions an obligation may be in at a program
// point, one bit per condition: the union over all paths that reach it.
// The empty set means no path reaches the point.
type state uint8

const (
	sNone         state = 1 << iota // nothing owed: not yet produced, or nil
	sOpen                           // open, not read to EOF, no close pending
	sRead                           // read to EOF, not closed
	sDeferred                       // a deferred close is pending; not read to EOF
	sDeferredRead                   // a deferred close is pending; read to EOF
	sClosed                         // closed
	sEscaped                        // handed off to someone else
)

const (
	live   = sOpen | sRead | sDeferred | sDeferredRead
	unread = sOpen | sDeferred // a close now would be undrained
	leaky  = sOpen | sRead     // an exit now would leak
)

// mapState applies f to each condition in s.
func mapState(s state, f func(state) state) state {
	var out state
	for bit := sNone; bit <= sEscaped && bit != 0; bit <<= 1 {
		if s&bit != 0 {
			out |= f(bit)
		}
	}
	return out
}

// transfer returns the state of an obligation after op.
func transfer(o op, s state) state {
	if s == 0 {
		return 0
	}
	switch o {
	case opProduce:
		return sOpen
	case opDrain:
		return mapState(s, func(b state) state {
			switch b {
			case sOpen:
				return sRead
			case sDeferred:
				return sDeferredRead
			}
			return b
		})
	case opClose, opCloseRead, opDeferCloseRead:
		return mapState(s, func(b state) state {
			if b&live != 0 {
				return sClosed
			}
			return b
		})
	case opDeferClose:
		return mapState(s, func(b state) state {
			switch b {
			case sOpen:
				return sDeferred
			case sRead:
				return sDeferredRead
			}
			return b
		})
	case opEscape:
		return mapState(s, func(b state) state {
			if b&live != 0 {
				return sEscaped
			}
			return b
		})
	case opNoReturn:
		return 0
	}
	return s
}

// A flowResult holds the state of every obligation at the entry of every
// reachable block, once the dataflow has reached its fixed point.
type flowResult struct {
	in [][]state // by block index, then obligation; nil if unreachable
}

// solve runs the forward dataflow to its fixed point. Each block is
// revisited only when its entry state grows, and a state can grow at most
// seven times per obligation, so the cost is linear in blocks times
// obligations, whatever the nesting of branches and loops.
func (fa *funcAnalysis) solve() *flowResult {
	n := len(fa.obls)
	res := &flowResult{in: make([][]state, len(fa.fn.Blocks))}
	if n == 0 || len(fa.fn.Blocks) == 0 {
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
	queued := make([]bool, len(fa.fn.Blocks))
	work := []*ssa.BasicBlock{fa.fn.Blocks[0]}
	queued[0] = true
	cur := make([]state, n)
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		copy(cur, res.in[b.Index])
		fa.runBlock(b, cur, nil)
		for si, succ := range b.Succs {
			if fa.joinEdge(res, b, si, succ, cur) && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	return res
}

// runBlock applies the events of block b to cur. If seen is not nil, it is
// told the state before each event (for reporting).
func (fa *funcAnalysis) runBlock(b *ssa.BasicBlock, cur []state, seen func(e event, before []state)) {
	for _, e := range fa.events[b] {
		if seen != nil {
			seen(e, cur)
		}
		switch e.op {
		case opNoReturn:
			for i := range cur {
				cur[i] = 0
			}
		case opExit:
			for _, obl := range e.obls {
				if fa.obls[obl].isSource() {
					cur[obl] = transfer(opEscape, cur[obl])
				}
			}
		default:
			for _, obl := range e.obls {
				cur[obl] = transfer(e.op, cur[obl])
			}
		}
	}
}

// joinEdge merges the state at the end of b, refined for the edge to its
// successor number si, into the entry state of succ. It reports whether
// that entry state grew.
func (fa *funcAnalysis) joinEdge(res *flowResult, b *ssa.BasicBlock, si int, succ *ssa.BasicBlock, cur []state) bool {
	out := cur
	copied := false
	if ee := fa.edges[b]; ee != nil && si < 2 {
		out = append([]state(nil), cur...)
		copied = true
		for _, obl := range ee.drainOn[si] {
			out[obl] = transfer(opDrain, out[obl])
		}
		for _, obl := range ee.escapeOn[si] {
			out[obl] = transfer(opEscape, out[obl])
		}
		for _, obl := range ee.nilOn[si] {
			if out[obl] != 0 {
				out[obl] = sNone
			}
		}
	}
	if lp := fa.loops; lp != nil {
		if c := lp.comp[b.Index]; c != lp.comp[succ.Index] && len(lp.drains[c]) > 0 {
			if !copied {
				out = append([]state(nil), cur...)
			}
			for _, obl := range lp.drains[c] {
				out[obl] = transfer(opDrain, out[obl])
			}
		}
	}
	in := res.in[succ.Index]
	if in == nil {
		res.in[succ.Index] = append([]state(nil), out...)
		return true
	}
	grew := false
	for i, s := range out {
		if in[i]|s != in[i] {
			in[i] |= s
			grew = true
		}
	}
	return grew
}

// loops describes the cycles of a function's control-flow graph: its
// strongly connected components, which of them are cycles, and the
// obligations a loop consumes as a stream (drained on every exit).
type loops struct {
	comp   []int         // block index -> component
	cyclic []bool        // component -> has a cycle
	drains map[int][]int // component -> obligations drained on exit
}

// findLoops computes the strongly connected components of the blocks
// (Tarjan's algorithm, iterative so that huge functions cannot overflow the
// stack).
func findLoops(blocks []*ssa.BasicBlock) *loops {
	n := len(blocks)
	lp := &loops{comp: make([]int, n), drains: make(map[int][]int)}
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ b, succ int }
	for root := range blocks {
		if index[root] >= 0 {
			continue
		}
		calls := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			succs := blocks[f.b].Succs
			if f.succ < len(succs) {
				w := succs[f.succ].Index
				f.succ++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				} else if onStack[w] && index[w] < low[f.b] {
					low[f.b] = index[w]
				}
				continue
			}
			v := f.b
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				if p := calls[len(calls)-1].b; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			c := len(lp.cyclic)
			size := 0
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				lp.comp[w] = c
				size++
				if w == v {
					break
				}
			}
			self := false
			for _, s := range blocks[v].Succs {
				self = self || s.Index == v
			}
			lp.cyclic = append(lp.cyclic, size > 1 || self)
		}
	}
	return lp
}
