package main

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/respbody/respbody/internal/listroute"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The command's own driver: it loads the packages as x/tools' singlechecker
// does (the same mode, the same checker.Analyze), but says in one line per
// package why a package was not analyzed and what to do, prints positions
// relative to the working directory, and applies fixes through a run that
// then reports what is left (fix.go).

// An outcome is the result of loading and analyzing the packages.
type outcome struct {
	pkgs  []*packages.Package
	graph *checker.Graph // nil when nothing could be analyzed
	// problems say why packages were not analyzed, one line each, and
	// what to do.
	problems []string
	// loadErrors are the errors of the packages, as the go command and
	// the type checker report them (printed before the problems in text
	// mode).
	loadErrors []string

	// On the default route (list.go): what the driver reported, its
	// findings, and the files that hold them.
	listed *listroute.Result
	routed []finding
	files  []*ast.File
}

// failed reports whether some package could not be analyzed.
func (a *outcome) failed() bool { return len(a.problems) > 0 }

// load loads and analyzes the packages the options name.
func load(o *options) *outcome {
	res := new(outcome)
	env, problem := toolEnv()
	if problem != "" {
		res.problems = append(res.problems, problem)
		return res
	}
	o.env = env
	if cachedRoute(o) {
		return loadCached(o)
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: o.tests,
		Env:   env.Vars,
	}
	if o.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + o.tags}
	}
	pkgs, err := packages.Load(cfg, o.patterns...)
	if err != nil {
		res.problems = append(res.problems, err.Error())
		return res
	}
	if len(pkgs) == 0 {
		res.problems = append(res.problems, noPackagesProblem(o.patterns))
		return res
	}
	res.pkgs = pkgs
	if msg := toolchainProblem(pkgs); msg != "" {
		// The type errors that follow from it would fill a page.
		res.problems = append(res.problems, msg)
		return res
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			res.loadErrors = append(res.loadErrors, e.Error())
		}
	})
	res.problems = append(res.problems, notAnalyzed(pkgs)...)
	graph, err := checker.Analyze([]*analysis.Analyzer{o.analyzer}, pkgs, nil)
	if err != nil {
		res.problems = append(res.problems, err.Error())
		return res
	}
	res.graph = graph
	// An analysis that failed, in a root or in a dependency (whose roots
	// then fail with "failed prerequisites"): a package that did not load
	// is reported with the load errors.
	for act := range graph.All() {
		if act.Err != nil && len(act.Package.Errors) == 0 && !strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
			res.problems = append(res.problems, fmt.Sprintf("%s: %v", act.Package.PkgPath, act.Err))
		}
	}
	return res
}

// noPackagesProblem is the problem reported, on every route, when the
// patterns match no package.
func noPackagesProblem(patterns []string) string {
	return fmt.Sprintf("%s matched no packages", strings.Join(patterns, " "))
}

// notAnalyzed explains, for each package named on the command line that
// will not be analyzed because it or an import does not build, which
// package is at fault and what to do.
func notAnalyzed(roots []*packages.Package) []string {
	var out []string
	seen := make(map[string]bool)
	for _, p := range roots {
		if seen[p.PkgPath] {
			continue // a test variant of a package already explained
		}
		culprit := brokenImport(p)
		if culprit == nil {
			continue
		}
		seen[p.PkgPath] = true
		switch {
		case p.Name == "":
			// Not a package: a pattern that names no directory.
			out = append(out, fmt.Sprintf("%s matched no package (errors above)", p.ID))
		case culprit == p:
			out = append(out, fmt.Sprintf("%s was not analyzed: it does not build (errors above); fix them, or leave the package out of the patterns", p.PkgPath))
		default:
			out = append(out, fmt.Sprintf("%s was not analyzed: %s, which it imports, does not build (errors above); fix it, or leave %s out of the patterns", p.PkgPath, culprit.PkgPath, p.PkgPath))
		}
	}
	return out
}

// brokenImport returns p if it has errors, else the first package it
// imports (directly or not) that has, else nil.
func brokenImport(p *packages.Package) *packages.Package {
	if len(p.Errors) > 0 {
		return p
	}
	var found *packages.Package
	packages.Visit([]*packages.Package{p}, func(q *packages.Package) bool {
		if found == nil && len(q.Errors) > 0 {
			found = q
		}
		return found == nil
	}, nil)
	return found
}

// A finding is a diagnostic with its file set, deduplicated across the
// package variants that report it.
type finding struct {
	fset *token.FileSet
	diag analysis.Diagnostic
}

// findings returns the root diagnostics, once each, in file and line
// order.
func (a *outcome) findings() []finding {
	if a.graph == nil {
		return a.routed
	}
	type key struct {
		pos, end token.Position
		msg      string
	}
	seen := make(map[key]bool)
	var out []finding
	for _, act := range a.graph.Roots {
		for _, d := range act.Diagnostics {
			k := key{act.Package.Fset.Position(d.Pos), act.Package.Fset.Position(d.End), d.Message}
			if !seen[k] {
				seen[k] = true
				out = append(out, finding{act.Package.Fset, d})
			}
		}
	}
	sortFindings(out)
	return out
}

// sortFindings puts findings in file, line and column order.
func sortFindings(fs []finding) {
	slices.SortStableFunc(fs, func(x, y finding) int {
		px, py := x.fset.Position(x.diag.Pos), y.fset.Position(y.diag.Pos)
		return cmp.Or(strings.Compare(px.Filename, py.Filename), cmp.Compare(px.Line, py.Line), cmp.Compare(px.Column, py.Column))
	})
}

// exitCode is the exit status of a run that ended with n findings (left):
// 1 when the analysis failed, 3 when there are findings, else 0.
func (a *outcome) exitCode(n int) int {
	switch {
	case a.failed():
		return 1
	case n > 0:
		return 3
	}
	return 0
}

// printProblems writes the load errors and the problems to w.
func (a *outcome) printProblems(w io.Writer) {
	for _, e := range a.loadErrors {
		fmt.Fprintln(w, e)
	}
	for _, p := range a.problems {
		fmt.Fprintf(w, "respbody: %s\n", p)
	}
}

// printFindings writes the findings as text: position (relative to the
// working directory when under it), message, the related positions, and
// context lines when contextLines >= 0 and the position is in one of the
// sources (a //line directive can name any file, /proc/self/environ as
// well as a file that does not exist: its text is not printed).
func printFindings(w io.Writer, fs []finding, contextLines int, sources map[string]bool) {
	wd, _ := os.Getwd()
	for _, f := range fs {
		printPos := func(pos, end token.Pos, msg string) {
			p := f.fset.Position(pos)
			fmt.Fprintf(w, "%s: %s\n", relPosition(wd, p), msg)
			if contextLines >= 0 && sources[filepath.Clean(p.Filename)] {
				e := f.fset.Position(end)
				if !e.IsValid() {
					e = p
				}
				printContext(w, p, e, contextLines)
			}
		}
		printPos(f.diag.Pos, f.diag.End, f.diag.Message)
		for _, r := range f.diag.Related {
			printPos(r.Pos, r.End, "\t"+r.Message)
		}
	}
}

// sources are the source files of the packages named on the command line,
// by their clean absolute names, as go list lists them.
func (a *outcome) sources() map[string]bool {
	out := make(map[string]bool)
	for _, p := range a.pkgs {
		for _, list := range [][]string{p.GoFiles, p.OtherFiles, p.IgnoredFiles} {
			for _, name := range list {
				out[filepath.Clean(name)] = true
			}
		}
	}
	return out
}

// relPosition is p with its file name relative to dir when the file is
// under dir.
func relPosition(dir string, p token.Position) string {
	if rel, err := filepath.Rel(dir, p.Filename); err == nil && dir != "" && !strings.HasPrefix(rel, "..") {
		p.Filename = rel
	}
	return p.String()
}

// printContext prints the lines from p to e with n lines around them.
func printContext(w io.Writer, p, e token.Position, n int) {
	data, err := os.ReadFile(p.Filename)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(p.Line-n, 1); i <= e.Line+n && i <= len(lines); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}

// runText is the default mode: findings on stderr, exit 3 when there are
// any, 1 when the analysis failed.
func runText(o *options) int {
	a := load(o)
	a.printProblems(os.Stderr)
	fs := a.findings()
	printFindings(os.Stderr, fs, o.context, a.sources())
	return a.exitCode(len(fs))
}

// runJSON prints the findings as x/tools' drivers do with -json: exit 0
// when the analysis ran, findings or not.
func runJSON(o *options) int {
	a := load(o)
	a.printProblems(os.Stderr)
	if a.listed != nil {
		if err := printListJSON(os.Stdout, a.listed); err != nil {
			fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
			return 1
		}
	} else if a.graph != nil {
		if err := a.graph.PrintJSON(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
			return 1
		}
	}
	if a.failed() {
		return 1
	}
	return 0
}
