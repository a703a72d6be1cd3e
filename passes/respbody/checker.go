package respbody

import (
	"go/types"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A checker holds what the analysis of one package shares between its
// functions: the pass, the settings, and the summaries computed so far.
type checker struct {
	pass   *analysis.Pass
	pkg    *ssa.Package // the SSA of pass.Pkg
	drain  bool         // report undrained closes
	syntax *syntaxIndex

	summaries map[*ssa.Function]*Summary
	busy      map[*ssa.Function]bool // summaries being computed (recursion)
	imported  map[*types.Func]*Summary
}

func newChecker(pass *analysis.Pass, drain bool) *checker {
	return &checker{
		pass:      pass,
		drain:     drain,
		syntax:    indexSyntax(pass.Files),
		summaries: make(map[*ssa.Function]*Summary),
		busy:      make(map[*ssa.Function]bool),
		imported:  make(map[*types.Func]*Summary),
	}
}

// summary returns the summary of fn, analyzing it (and reporting its
// diagnostics) the first time. It returns nil for a function whose code is
// not in this package, and for a call that recurses into a function whose
// summary is being computed: callers treat nil as "unknown".
func (c *checker) summary(fn *ssa.Function) *Summary {
	if fn == nil {
		return nil
	}
	if !c.local(fn) {
		return c.importedSummary(fn)
	}
	if s, done := c.summaries[fn]; done {
		return s
	}
	if c.busy[fn] {
		return nil
	}
	c.busy[fn] = true
	s := c.analyze(fn)
	delete(c.busy, fn)
	c.summaries[fn] = s
	return s
}

// local reports whether fn's code is analyzed in this pass: a built
// function of this package, or a wrapper SSA synthesized (they have no
// package). Functions of other packages may be built too, in the program
// the run shares, but their summaries come from facts.
func (c *checker) local(fn *ssa.Function) bool {
	return (fn.Pkg == c.pkg || fn.Pkg == nil) && fn.Blocks != nil
}

// importedSummary returns the summary another package exported as a fact
// for fn, or nil.
func (c *checker) importedSummary(fn *ssa.Function) *Summary {
	obj := declared(fn)
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if s, done := c.imported[obj]; done {
		return s
	}
	s := new(Summary)
	if !c.pass.ImportObjectFact(obj, s) {
		s = nil
	}
	c.imported[obj] = s
	return s
}

// exportFacts exports the summary of each function that importers can name
// and that says something, even "does nothing with the body it is given":
// without a fact, a caller must assume the worst.
func (c *checker) exportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj := declared(fn)
		if obj == nil || obj.Pkg() != c.pass.Pkg || !exportable(obj) {
			continue
		}
		if s := c.summaries[fn]; s != nil && (!s.isEmpty() || handlesBodies(obj.Signature())) {
			c.pass.ExportObjectFact(obj, s)
		}
	}
}

// exportable reports whether importers can refer to fn: facts on other
// functions never reach them.
func exportable(fn *types.Func) bool {
	if fn.Signature().Recv() != nil {
		return true
	}
	return fn.Exported()
}

// analyze runs the path analysis of one function: find its obligations,
// follow them through the control-flow graph, report what leaks, and
// summarize the function for its callers.
func (c *checker) analyze(fn *ssa.Function) (sum *Summary) {
	defer func() {
		// A bug in respbody must not stop the whole vet run: skip the
		// function, as if it held no response.
		if r := recover(); r != nil {
			if debugging() {
				panic(r)
			}
			sum = nil
		}
	}()
	fa := newFuncAnalysis(c, fn)
	fa.findObligations()
	fa.propagate()
	fa.collectEvents()
	if len(fa.obls) == 0 {
		return fa.summarize(nil)
	}
	f := fa.collect(fa.solve())
	fa.report(f)
	return fa.summarize(f)
}

// debugging reports whether RESPBODY_DEBUG is set: then an internal error
// panics instead of being skipped (the tests set it).
func debugging() bool { return os.Getenv("RESPBODY_DEBUG") != "" }
