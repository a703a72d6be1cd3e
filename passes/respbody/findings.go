package respbody

import (
	"golang.org/x/tools/go/ssa"
)

// findings are what the final walk over a solved function observes: the
// leaks and undrained closes to report, and what each parameter's body
// went through, for the summary.
type findings struct {
	leaks      map[int][]ssa.Instruction // source -> exits where it is still open
	overwrites map[int]bool              // source -> produced again while open
	leakUnread map[int]bool              // source -> it leaks on some path unread
	unreadAt   []unreadClose             // closes that come before a drain
	unreadDefs map[int]bool              // source -> a deferred close may run unread

	paramExit   map[int]state // parameter -> union of its states at the exits
	paramUnread map[int]bool  // parameter -> closed before a drain somewhere
	returned    map[int]bool  // parameter -> returned to the caller
}

// An unreadClose is a close of a source's body that may run before the body
// was read to EOF.
type unreadClose struct {
	obl   int
	instr ssa.Instruction
	via   string
}

// collect walks every reachable block once more with the solved entry
// states and records what happens at each event.
func (fa *funcAnalysis) collect(res *flowResult) *findings {
	f := &findings{
		leaks:       make(map[int][]ssa.Instruction),
		overwrites:  make(map[int]bool),
		leakUnread:  make(map[int]bool),
		unreadDefs:  make(map[int]bool),
		paramExit:   make(map[int]state),
		paramUnread: make(map[int]bool),
		returned:    make(map[int]bool),
	}
	seenClose := make(map[unreadClose]bool)
	cur := make([]state, len(fa.obls))
	for _, b := range fa.fn.Blocks {
		if res.in[b.Index] == nil {
			continue
		}
		copy(cur, res.in[b.Index])
		fa.runBlock(b, cur, func(e event, before []state) {
			switch e.op {
			case opProduce:
				for _, obl := range e.obls {
					if before[obl]&leaky != 0 {
						f.overwrites[obl] = true
					}
					if before[obl]&sOpen != 0 {
						f.leakUnread[obl] = true
					}
				}
			case opClose:
				for _, obl := range e.obls {
					if before[obl]&unread == 0 {
						continue
					}
					if !fa.obls[obl].isSource() {
						f.paramUnread[obl] = true
						continue
					}
					uc := unreadClose{obl: obl, instr: e.instr, via: e.via}
					if !seenClose[uc] {
						seenClose[uc] = true
						f.unreadAt = append(f.unreadAt, uc)
					}
				}
			case opExit:
				fa.exitFindings(f, e, before)
			}
		})
	}
	return f
}

// exitFindings records the state of every obligation at a return.
func (fa *funcAnalysis) exitFindings(f *findings, e event, before []state) {
	returned := make(map[int]bool, len(e.obls))
	for _, obl := range e.obls {
		returned[obl] = true
	}
	for obl, o := range fa.obls {
		s := before[obl]
		if !o.isSource() {
			f.paramExit[obl] |= s
			if returned[obl] {
				f.returned[obl] = true
			}
			continue
		}
		if returned[obl] {
			continue
		}
		if s&leaky != 0 {
			f.leaks[obl] = append(f.leaks[obl], e.instr)
		}
		if s&sOpen != 0 {
			f.leakUnread[obl] = true
		}
		if s&sDeferred != 0 {
			f.unreadDefs[obl] = true
		}
	}
}

// neverReturns reports whether no path from the entry reaches a return.
func (fa *funcAnalysis) neverReturns() bool {
	blocks := fa.fn.Blocks
	if len(blocks) == 0 {
		return false
	}
	seen := make([]bool, len(blocks))
	work := []*ssa.BasicBlock{blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		dead := false
		for _, e := range fa.events[b] {
			if e.op == opNoReturn {
				dead = true
				break
			}
		}
		if dead {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			return false
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return true
}
