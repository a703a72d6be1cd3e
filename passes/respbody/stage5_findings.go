package respbody

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Stage 5: a last walk over the solved function records what the states
// show at each event: the leaks and undrained closes to report, and the
// states at each exit, from which the summary is made.

// findings are what stage 5 hands over.
type findings struct {
	// leaks: source -> the returns where its body is still owed.
	leaks map[int][]ssa.Instruction
	// replaced: source -> the stores that replace its body while open.
	replaced map[int][]ssa.Instruction
	// overwrites: sources obtained again (in a loop) while still owed.
	overwrites map[int]bool
	// reassigned: source -> the stores into a variable that take its body
	// out of the reach of a closure deferred over the variable.
	reassigned map[int][]ssa.Instruction
	// leakStates: source -> the states its body leaks in (at those returns,
	// overwrites and replacements), for the message.
	leakStates map[int]state
	// leakAt: the states a source's body leaks in at one return or
	// replacement, for the related positions' messages.
	leakAt map[leakSite]state
	// unreadCloses: closes of a source's body that may run before it was
	// read to EOF, in order.
	unreadCloses []unreadClose
	// unreadDefers: source -> deferred closes registered while it was
	// unread; they are reported if one of them runs unread at an exit.
	unreadDefers map[int][]unreadClose
	// deferUnreadAtExit: source -> the exits where its deferred close runs
	// unread.
	deferUnreadAtExit map[int][]ssa.Instruction
	// exits: every reachable return, with the states there.
	exits []exitStates
}

// A leakSite is a return (or replacement) where a source's body leaks.
type leakSite struct {
	obl   int
	instr ssa.Instruction
}

// An unreadClose is a close of a source's body that may run before the body
// was read to EOF.
type unreadClose struct {
	obl   int
	instr ssa.Instruction
	via   string
}

// exitStates are the states of all obligations at one return.
type exitStates struct {
	ret    *ssa.Return
	class  exitClass
	forked bool // the class comes from the call whose error is returned
	states []state
	status statusVec // the statuses there
}

// collect runs stage 5.
func (fa *funcAnalysis) collect(ev *events, res *flowResult, r run) *findings {
	f := &findings{
		leaks:             make(map[int][]ssa.Instruction),
		replaced:          make(map[int][]ssa.Instruction),
		overwrites:        make(map[int]bool),
		reassigned:        make(map[int][]ssa.Instruction),
		leakStates:        make(map[int]state),
		leakAt:            make(map[leakSite]state),
		unreadDefers:      make(map[int][]unreadClose),
		deferUnreadAtExit: make(map[int][]ssa.Instruction),
	}
	seenClose := make(map[unreadClose]bool)
	addClose := func(list []unreadClose, uc unreadClose) []unreadClose {
		if seenClose[uc] {
			return list
		}
		seenClose[uc] = true
		return append(list, uc)
	}
	var seen func(e event, before []state, beforeSt statusVec)
	seen = func(e event, before []state, beforeSt statusVec) {
		for _, obl := range e.obls {
			if !fa.obls[obl].reported() {
				continue
			}
			s := before[obl]
			uc := unreadClose{obl: obl, instr: e.instr, via: e.via}
			switch e.op {
			case opProduce:
				if s&leaky != 0 {
					f.overwrites[obl] = true
					f.leakStates[obl] |= s & leaky
					f.leakAt[leakSite{obl, e.instr}] |= s & leaky
				}
			case opClose:
				if s&unread != 0 {
					f.unreadCloses = addClose(f.unreadCloses, uc)
				}
			case opApply:
				if s&unread != 0 && e.set&sClosedUnread != 0 {
					f.unreadCloses = addClose(f.unreadCloses, uc)
				}
			case opDeferClose, opDeferApply, opCloseOnErr:
				if s&sOpen != 0 && (e.op != opDeferApply || e.set&sClosedUnread != 0) {
					uc.via = ""
					f.unreadDefers[obl] = addClose(f.unreadDefers[obl], uc)
				}
			case opUndefer:
				if s&(sDeferred|sDeferredRead|sDeferredDrain|onErr) != 0 && !slices.Contains(f.reassigned[obl], e.instr) {
					f.reassigned[obl] = append(f.reassigned[obl], e.instr)
				}
			case opReplace:
				if s&leaky != 0 {
					if !slices.Contains(f.replaced[obl], e.instr) {
						f.replaced[obl] = append(f.replaced[obl], e.instr)
					}
					f.leakStates[obl] |= s & leaky
					f.leakAt[leakSite{obl, e.instr}] |= s & leaky
				}
			}
		}
		if e.op == opExit {
			if len(e.forks) == 0 {
				fa.exitFindings(f, e, before, beforeSt)
				return
			}
			for _, class := range []int{okExit, errExit} {
				if !e.class.has(class) {
					continue // a class the return cannot be of
				}
				states := append([]state(nil), before...)
				statuses := beforeSt.clone()
				runEvents(forClass(e.forks, class), states, statuses, r, seen)
				fork := e
				fork.class = exitClass(1 << class)
				fa.exitFindings(f, fork, states, statuses)
				f.exits[len(f.exits)-1].forked = true
			}
		}
	}
	cur := make([]state, len(fa.obls))
	out := make([]state, len(fa.obls))
	curSt, outSt := ev.newStatusVec(), ev.newStatusVec()
	for _, b := range fa.fn.Blocks {
		if res.in[b.Index] == nil {
			continue
		}
		copy(cur, res.in[b.Index])
		if curSt.sets != nil {
			copy(curSt.sets, res.st[b.Index])
		}
		if !runEvents(ev.blocks[b.Index], cur, curSt, r, seen) {
			continue
		}
		for si := range b.Succs {
			copy(out, cur)
			copy(outSt.sets, curSt.sets)
			runEvents(ev.edges[edge{b.Index, si}], out, outSt, r, seen)
		}
	}
	return f
}

// merge adds to f the findings of another run of the same function (a
// run for another way of the sources split by status), so that f holds
// what either run found.
func (f *findings) merge(g *findings) {
	for obl, xs := range g.leaks {
		f.leaks[obl] = appendInstrs(f.leaks[obl], xs)
	}
	for obl, xs := range g.replaced {
		f.replaced[obl] = appendInstrs(f.replaced[obl], xs)
	}
	for obl, xs := range g.deferUnreadAtExit {
		f.deferUnreadAtExit[obl] = appendInstrs(f.deferUnreadAtExit[obl], xs)
	}
	for obl := range g.overwrites {
		f.overwrites[obl] = true
	}
	for obl, xs := range g.reassigned {
		f.reassigned[obl] = appendInstrs(f.reassigned[obl], xs)
	}
	for obl, s := range g.leakStates {
		f.leakStates[obl] |= s
	}
	for k, s := range g.leakAt {
		f.leakAt[k] |= s
	}
	for _, uc := range g.unreadCloses {
		if !slices.Contains(f.unreadCloses, uc) {
			f.unreadCloses = append(f.unreadCloses, uc)
		}
	}
	for obl, ucs := range g.unreadDefers {
		for _, uc := range ucs {
			if !slices.Contains(f.unreadDefers[obl], uc) {
				f.unreadDefers[obl] = append(f.unreadDefers[obl], uc)
			}
		}
	}
	f.exits = append(f.exits, g.exits...)
}

// appendInstrs appends to xs the instructions of ys it does not hold.
func appendInstrs(xs, ys []ssa.Instruction) []ssa.Instruction {
	for _, y := range ys {
		if !slices.Contains(xs, y) {
			xs = append(xs, y)
		}
	}
	return xs
}

// exitFindings records the states at a return, and the sources whose body
// leaks there (not returned, and still owed) or is closed unread by a
// deferred call.
func (fa *funcAnalysis) exitFindings(f *findings, e event, before []state, beforeSt statusVec) {
	x := exitStates{ret: e.instr.(*ssa.Return), class: e.class, states: append([]state(nil), before...), status: beforeSt.clone()}
	f.exits = append(f.exits, x)
	returned := make(map[int]bool, len(e.obls))
	for _, obl := range e.obls {
		returned[obl] = true
	}
	for obl, o := range fa.obls {
		s := before[obl]
		if !o.reported() {
			continue
		}
		if s&sDeferred != 0 || (e.class.has(errExit) && s&sCloseOnErr != 0) {
			if x := f.deferUnreadAtExit[obl]; len(x) == 0 || x[len(x)-1] != e.instr {
				f.deferUnreadAtExit[obl] = append(x, e.instr)
			}
		}
		if r := atExit(s, e.class); !returned[obl] && r&leaky != 0 {
			if x := f.leaks[obl]; len(x) == 0 || x[len(x)-1] != e.instr {
				f.leaks[obl] = append(x, e.instr) // once, for a return forked by class
			}
			f.leakStates[obl] |= r & leaky
			f.leakAt[leakSite{obl, e.instr}] |= r & leaky
		}
	}
}
