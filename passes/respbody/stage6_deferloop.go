package respbody

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Stage 6 (defers in loops): a close deferred inside the loop that obtains
// the body runs only when the function returns, so every iteration's body
// stays open until then: N iterations hold N bodies, and N connections
// when they are unread (with Transport.MaxConnsPerHost the loop can wait
// forever for a connection that only the function's return frees).

// deferredInLoop reports each deferred close of a body obtained in the
// same loop as the defer statement.
//
// Where its fix moves the close, the other findings at the same defer give
// up theirs (a drain added to the deferred call would conflict): once the
// close is moved, the next run says what that close still lacks.
func (fa *funcAnalysis) deferredInLoop(ev *events, others []analysis.Diagnostic) []analysis.Diagnostic {
	var lp *loops
	type key struct {
		obl   int
		instr ssa.Instruction
	}
	seen := make(map[key]bool)
	var diags []analysis.Diagnostic
	for _, evs := range ev.blocks {
		for _, e := range evs {
			d, ok := e.instr.(*ssa.Defer)
			if !ok || !deferCloses(e) {
				continue
			}
			for _, obl := range e.obls {
				o := fa.obls[obl]
				if o.call == nil || !o.reported() || seen[key{obl, d}] {
					continue
				}
				if lp == nil {
					lp = findLoops(fa.fn.Blocks)
				}
				c := lp.comp[d.Block().Index]
				if !lp.cyclic[c] || lp.comp[o.call.Block().Index] != c {
					continue
				}
				seen[key{obl, d}] = true
				dl := fa.deferInLoopDiag(o, d)
				if len(dl.SuggestedFixes) > 0 {
					for i := range others {
						if others[i].Pos == dl.Pos {
							others[i].SuggestedFixes = nil
						}
					}
				}
				diags = append(diags, dl)
			}
		}
	}
	return diags
}

// deferCloses reports whether a deferred event closes the body.
func deferCloses(e event) bool {
	switch e.op {
	case opDeferClose, opDeferCloseRead, opCloseOnErr, opDrainOnErr:
		return true
	case opDeferApply:
		return e.set&(sClosed|sClosedUnread|sDeferred|sDeferredRead|sDeferredDrain) != 0
	}
	return false
}

func (fa *funcAnalysis) deferInLoopDiag(o *obligation, d *ssa.Defer) analysis.Diagnostic {
	pos, end := fa.c.syntax.span(d)
	diag := analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUnclosed,
		Message: fmt.Sprintf("%s is closed by a call deferred inside the loop that obtains it: the close runs only when the function returns, so every iteration's body stays open until then (N iterations hold N bodies, and N connections when unread; with MaxConnsPerHost the loop can wait forever); close it at the end of each iteration",
			o.subject()),
	}
	if fix := fa.deferInLoopFix(pos, end); fix != nil {
		diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	return diag
}
