package respbody

import "golang.org/x/tools/go/ssa"

// This file reads a function's control-flow graph: its loops, and the order
// in which its instructions must run.

// loops describes the cycles of a function's control-flow graph: its
// strongly connected components and which of them are cycles.
type loops struct {
	comp   []int  // block index -> component
	cyclic []bool // component -> has a cycle
}

// findLoops computes the strongly connected components of the blocks
// (Tarjan's algorithm, iterative so that huge functions cannot overflow the
// stack).
func findLoops(blocks []*ssa.BasicBlock) *loops {
	n := len(blocks)
	lp := &loops{comp: make([]int, n)}
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

// comesAfter reports whether instr can only run after earlier has: earlier's
// block dominates instr's, and within one block it comes first.
func comesAfter(instr, earlier ssa.Instruction) bool {
	b, eb := instr.Block(), earlier.Block()
	if b != eb {
		return eb.Dominates(b)
	}
	for _, x := range b.Instrs {
		switch x {
		case earlier:
			return true
		case instr:
			return false
		}
	}
	return false
}
