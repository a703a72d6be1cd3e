package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/respbody/respbody/internal/sarif"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// rules describes respbody's two diagnostic categories for the SARIF log.
var rules = []sarif.RuleInfo{
	{
		ID:      respbody.CategoryUnclosed,
		Name:    "UnclosedResponseBody",
		Short:   "HTTP response body is never closed",
		Full:    "On some path the response was obtained without error and the function returns (or a loop obtains the next response) while the body is neither closed nor handed off: the connection and its two goroutines leak.",
		Help:    "Close the body on every path, typically with `defer resp.Body.Close()` right after the error check, or hand the response to code that closes it.",
		HelpURI: "https://github.com/respbody/respbody#what-it-reports",
	},
	{
		ID:      respbody.CategoryUndrained,
		Name:    "UndrainedResponseBody",
		Short:   "HTTP response body is closed before it is read to EOF",
		Full:    "On some path the body is closed before anything read it to EOF: the HTTP/1.x connection cannot return to the idle pool (Go 1.26 and earlier) and the next request dials a new one.",
		Help:    "Read the rest of the body before closing it, e.g. `_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)` before `resp.Body.Close()`.",
		HelpURI: "https://github.com/respbody/respbody#what-it-reports",
	},
}

// runSARIF analyzes the packages named in args and writes a SARIF 2.1.0 log
// to standard output. Like -json, it exits 0 whether or not there are
// findings (so that a CI step can upload the log), and 1 if the analysis
// could not run.
func runSARIF(args []string) int {
	fs := flag.NewFlagSet("respbody -sarif", flag.ContinueOnError)
	tests := fs.Bool("test", true, "analyze test files too")
	respbody.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: respbody -sarif [-drain=auto|always|never] [-test=false] packages...")
		return 1
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: *tests}, fs.Args()...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
		return 1
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return 1
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{respbody.Analyzer}, pkgs, nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
		return 1
	}
	wd, _ := os.Getwd()
	b := sarif.NewBuilder(pkgs[0].Fset, "respbody", moduleVersion(), "https://github.com/respbody/respbody", wd, rules)
	ok := true
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			fmt.Fprintf(os.Stderr, "respbody: %s: %v\n", act.Package.PkgPath, act.Err)
			ok = false
		}
		for _, d := range act.Diagnostics {
			b.Add(d)
		}
	}
	if err := b.Write(os.Stdout, ok); err != nil {
		fmt.Fprintf(os.Stderr, "respbody: %v\n", err)
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}
