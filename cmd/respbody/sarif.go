package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"

	"github.com/respbody/respbody/internal/jsondiag"
	"github.com/respbody/respbody/internal/sarif"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// ruleNames are the SARIF rule names of the categories; everything else
// about a rule is the analyzer's documentation (respbody.Rules).
var ruleNames = map[string]string{
	respbody.CategoryUnclosed:  "UnclosedResponseBody",
	respbody.CategoryUndrained: "UndrainedResponseBody",
}

// sarifRules describes the diagnostic categories for the log, in the words
// of the analyzer's documentation.
func sarifRules() []sarif.RuleInfo {
	var rules []sarif.RuleInfo
	for _, r := range respbody.Rules() {
		rules = append(rules, sarif.RuleInfo{
			ID:           r.Category,
			Name:         ruleNames[r.Category],
			Short:        r.Summary,
			Full:         r.Description,
			HelpText:     r.HelpText,
			HelpMarkdown: r.HelpMarkdown,
			HelpURI:      "https://github.com/respbody/respbody#what-it-reports",
		})
	}
	return rules
}

// runSARIF analyzes the packages and writes a SARIF 2.1.0 log to standard
// output, always, so that a CI step can upload it. Like -json, it exits 0
// when the analysis ran, findings or not; when some package could not be
// analyzed, the log says so (executionSuccessful false, one notification
// per error) and the exit status is 1.
func runSARIF(o *options) int {
	a := load(o)
	a.printProblems(os.Stderr)
	wd, _ := os.Getwd()
	b := sarif.NewBuilder("respbody", moduleVersion(), "https://github.com/respbody/respbody", wd, sarifRules())
	funcs := append(newFuncIndex(a.pkgs), a.files...)
	for _, f := range a.findings() {
		// Where a //line directive moved the finding, every route gives
		// the same log: no function unless the file named is Go source,
		// and no fix whose edits it moved.
		d, function := f.diag, ""
		if jsondiag.GoSource(f.fset.Position(d.Pos).Filename) {
			function = funcs.enclosing(f.fset, d.Pos)
		}
		d.SuggestedFixes = slices.DeleteFunc(slices.Clone(d.SuggestedFixes), func(fix analysis.SuggestedFix) bool {
			return slices.ContainsFunc(fix.TextEdits, func(e analysis.TextEdit) bool { return moved(f.fset, e.Pos) || moved(f.fset, e.End) })
		})
		b.Add(f.fset, d, function)
	}
	for _, e := range a.loadErrors {
		b.Notify(e)
	}
	for _, p := range a.problems {
		b.Notify(p)
	}
	if err := b.Write(os.Stdout, !a.failed()); err != nil {
		fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
		return 1
	}
	if a.failed() {
		return 1
	}
	return 0
}

// moved reports whether a //line directive moved pos: the file and line it
// prints as are not where it is.
func moved(fset *token.FileSet, pos token.Pos) bool {
	p, q := fset.Position(pos), fset.PositionFor(pos, false)
	return p.Filename != q.Filename || p.Line != q.Line
}

// A funcIndex finds the function declaration that holds a position.
type funcIndex []*ast.File

// newFuncIndex indexes the files of the packages named on the command line,
// where the findings are.
func newFuncIndex(roots []*packages.Package) funcIndex {
	var files funcIndex
	for _, p := range roots {
		files = append(files, p.Syntax...)
	}
	return files
}

// enclosing names the function declared around pos: Name, or
// (Recv).Name for a method; "" at package level.
func (ix funcIndex) enclosing(fset *token.FileSet, pos token.Pos) string {
	for _, f := range ix {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos >= fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				return fmt.Sprintf("(%s).%s", types.ExprString(fd.Recv.List[0].Type), fd.Name.Name)
			}
			return fd.Name.Name
		}
	}
	return ""
}
