package respbody

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A checker holds what the analysis of one package shares between its
// functions: the pass, the settings, and the summaries computed so far.
type checker struct {
	pass  *analysis.Pass
	pkg   *ssa.Package // the SSA of pass.Pkg
	drain bool         // report undrained closes
	// strict: also report a body never closed where it holds nothing: on
	// paths where the response has no body (http.NoBody, whose Close does
	// nothing), or read by http.ReadResponse off the caller's connection.
	strict bool
	// skipGenerated: findings in generated files are not reported, so
	// no fixes are built for them.
	skipGenerated bool
	syntax        *syntaxIndex

	summaries map[*ssa.Function]*Summary
	busy      map[*ssa.Function]bool // summaries being computed (recursion)
	imported  map[*types.Func]*Summary
	// devirtualized: summaries of methods of unexported interfaces, by
	// their implementations (nil when unknown); devirtualizing: those
	// being computed.
	devirtualized  map[*types.Func]*Summary
	devirtualizing map[*types.Func]bool
	// diags holds the diagnostics of the functions analyzed so far; run
	// reports them once every summary is computed.
	diags []analysis.Diagnostic
	// sources holds the files' source text the fixes have read so far.
	sources map[*ast.File][]byte
	// generated caches which files are generated.
	generated map[*ast.File]bool
	// sentinels: the package's error variables that are never nil (see
	// isSentinel), found on first use.
	sentinels map[*types.Var]bool
	// downloads: this package's functions that return an azcore request,
	// and whether they mark it (see azure.go), found on first use.
	downloads map[*types.Func]int8
}

func newChecker(pass *analysis.Pass, drain bool) *checker {
	return &checker{
		pass:           pass,
		drain:          drain,
		syntax:         indexSyntax(pass.Files),
		summaries:      make(map[*ssa.Function]*Summary),
		busy:           make(map[*ssa.Function]bool),
		imported:       make(map[*types.Func]*Summary),
		devirtualized:  make(map[*types.Func]*Summary),
		devirtualizing: make(map[*types.Func]bool),
	}
}

// summary returns the summary of fn, analyzing it (and keeping its
// diagnostics for run to report) the first time. For a function of another
// package it returns the fact that package exported. It returns nil when
// there is none, and for a call that recurses into a function whose summary
// is being computed: callers treat nil as "unknown".
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
	s, diags := c.analyze(fn)
	s, handled := c.honourHandled(fn, s)
	diags = append(diags, handled...)
	delete(c.busy, fn)
	if os.Getenv("RESPBODY_DEBUG") == "summaries" && s != nil {
		fmt.Fprintf(os.Stderr, "respbody: %s: %s\n", fn, s)
	}
	c.summaries[fn] = s
	c.diags = append(c.diags, diags...)
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
	return c.importedSummaryOf(obj)
}

// importedSummaryOf returns the summary another package exported as a fact
// for the function obj, or nil.
func (c *checker) importedSummaryOf(obj *types.Func) *Summary {
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
// and that can be given or return a response or body, even a summary that
// says "does nothing with it": without a fact, a caller must assume the
// worst of code it cannot see.
func (c *checker) exportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj := declared(fn)
		if obj == nil || obj.Pkg() != c.pass.Pkg || !exportable(obj) {
			continue
		}
		s := c.summaries[fn]
		if s != nil && (!s.isEmpty() || mentionsResponse(obj.Signature()) || handlesBodies(obj.Signature())) {
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

// debugging reports whether RESPBODY_DEBUG is set: then an internal error
// panics instead of being skipped (the tests set it), and with
// RESPBODY_DEBUG=summaries every summary is printed as it is computed.
func debugging() bool { return os.Getenv("RESPBODY_DEBUG") != "" }

// inGenerated reports whether pos is in a generated file: one with a
// "// Code generated ... DO NOT EDIT." comment before its package clause.
// Its authors cannot fix it by hand; golangci-lint skips such files too.
func (c *checker) inGenerated(pos token.Pos) bool {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			g, ok := c.generated[f]
			if !ok {
				g = ast.IsGenerated(f) && !cgoOutput(f)
				if c.generated == nil {
					c.generated = make(map[*ast.File]bool)
				}
				c.generated[f] = g
			}
			return g
		}
	}
	return false
}

// cgoOutput reports whether f is a file cmd/cgo wrote from a file of the
// package: marked generated, but the code in it (and the positions, by
// //line directives) are the author's. Drivers analyze these files in a
// package that imports "C".
func cgoOutput(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "// Code generated by cmd/cgo;") {
				return true
			}
		}
	}
	return false
}
