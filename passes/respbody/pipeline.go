package respbody

// This file assembles the stages of the analysis of one function.

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A funcAnalysis is the analysis of one function: the function, its
// obligations (stage 1) and the values that hold them (stage 2), fixed once
// computed and shared by the later stages, whose methods it carries.
type funcAnalysis struct {
	c  *checker
	fn *ssa.Function
	obligations
	refs map[ssa.Value][]ref
}

// analyze runs the stages of the analysis of one function and returns its
// summary and its diagnostics:
//
//  1. findObligations: the responses and bodies the function answers for
//     (stage1_obligations.go, stage1_sends.go);
//  2. propagate: the values that hold each of them (stage2_refs.go);
//  3. collectEvents: what each instruction and branch does to them
//     (stage3_events.go, stage3_calls.go, stage3_branches.go);
//  4. solve: the dataflow to their state at each block, once for each run
//     the events ask for (stage4_solve.go);
//  5. collect: the leaks and closes each run finds, merged
//     (stage5_findings.go);
//  6. summarize and report: the summary callers use (stage6_summarize.go)
//     and the diagnostics with their fixes (stage6_report.go,
//     stage6_fixes.go, stage6_deferloop.go).
func (c *checker) analyze(fn *ssa.Function) (sum *Summary, diags []analysis.Diagnostic) {
	defer func() {
		// A bug in respbody must not stop the whole vet run: skip the
		// function, as if it held no response.
		if r := recover(); r != nil {
			if debugging() {
				panic(r)
			}
			sum, diags = nil, nil
		}
	}()
	fa := &funcAnalysis{c: c, fn: fn}
	fa.obligations = fa.findObligations()
	fa.refs = fa.propagate()
	ev := fa.collectEvents()
	var f *findings
	var byWorld *[2]*findings
	for _, r := range ev.runs() {
		g := fa.collect(ev, fa.solve(ev, r), r)
		switch {
		case r.world != classBoth:
			if byWorld == nil {
				byWorld = new([2]*findings)
			}
			exit := okExit
			if r.world == classErr {
				exit = errExit
			}
			byWorld[exit] = g
		case f == nil:
			f = g
		default:
			f.merge(g)
		}
	}
	return fa.summarize(ev, f, byWorld), fa.report(ev, f)
}
