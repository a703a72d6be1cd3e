package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/respbody/respbody/internal/jsondiag"
	"github.com/respbody/respbody/internal/vetroute"
)

// The default routes. By default the command analyzes with its own driver
// on go list (list.go, internal/listroute); with -govet it runs
// itself under go vet -json (internal/vetroute). Both take dependencies
// from the build cache's export data and keep each package's facts and
// findings in a cache (respbody's, or the go command's), and both report in
// vetroute's form. The findings are turned back into the diagnostics the
// in-process route produces, over a file set of the files that hold them,
// so that every output format prints them the same way. DEVELOPMENT.md
// says why there are three routes.

// cachedRoute reports whether o can take a route through the build cache:
// -fix, -diff and -c need the in-process one, as does -inprocess, a
// machine without a go command, or a build system's GOPACKAGESDRIVER.
func cachedRoute(o *options) bool {
	return !o.inprocess && !o.fix && !o.diff && o.context < 0 && vetroute.Unavailable(nil) == nil
}

// loadCached analyzes the packages with go list's export data (or under go
// vet) and returns the outcome as load does. When the go command fails (a
// package does not build), it analyzes in-process instead, which names
// each package that was not analyzed.
func loadCached(o *options) *outcome {
	res := new(outcome)
	if msg := moduleToolchainProblem(o.env.GOMOD); msg != "" {
		res.problems = append(res.problems, msg)
		return res
	}
	run := runList
	if o.govet {
		run = runVet
	}
	vr, err := run(o)
	if err != nil {
		res.problems = append(res.problems, fmt.Sprintf("%v (run with -inprocess)", err))
		return res
	}
	if vr.NoPackages {
		// As go vet: the go command's warnings, then one line.
		os.Stderr.WriteString(vr.Output)
		res.problems = append(res.problems, noPackagesProblem(o.patterns))
		return res
	}
	if vr.Failed {
		// Some package does not build, or a pattern is wrong. The
		// in-process route says which package is at fault and what to
		// do, and still analyzes the others: rare enough to pay for.
		what := "go list reported a problem"
		if o.govet {
			what = "go vet failed"
		}
		fmt.Fprintf(os.Stderr, "respbody: %s; analyzing in this process instead, to say why\n", what)
		in := *o
		in.inprocess = true
		res := load(&in)
		if !res.failed() && vr.Output != "" {
			os.Stderr.WriteString(vr.Output) // what go vet said, since nothing else explains it
		}
		return res
	}
	if !o.tests {
		// go vet always analyzes the test variants.
		vr.WithoutTests()
	}
	res.vet = vr
	// The go command's own messages (go: downloading ...): passed on,
	// not errors.
	os.Stderr.WriteString(vr.Output)
	for _, p := range vr.Packages {
		if p.Err != "" {
			res.problems = append(res.problems, fmt.Sprintf("%s: %s", p.ID, p.Err))
		}
	}
	fset, diags, files, lost := jsondiag.ToAnalysis(vr.Unique())
	for _, d := range diags {
		res.routed = append(res.routed, finding{fset, d})
	}
	sortFindings(res.routed)
	res.files = files
	if lost > 0 {
		res.problems = append(res.problems, fmt.Sprintf("%d %s could not be shown: %s position is not file:line[:column]; run with -inprocess",
			lost, plural(lost, "finding", "findings"), plural(lost, "its", "their")))
	}
	return res
}

// runVet analyzes the packages under go vet, and returns what it found.
func runVet(o *options) (*vetroute.Result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find respbody's own executable for go vet: %v", err)
	}
	return vetroute.Run(vetroute.Options{
		Tool:       self,
		ToolFlags:  analyzerFlags(o),
		BuildFlags: buildFlags(o),
		Patterns:   o.patterns,
		Env:        o.env.Vars,
	})
}

// analyzerFlags are the analyzer's flags set on the command line, for the
// tool under go vet.
func analyzerFlags(o *options) []string {
	var out []string
	o.analyzer.Flags.VisitAll(func(f *flag.Flag) {
		if o.set[f.Name] {
			out = append(out, "-"+f.Name+"="+f.Value.String())
		}
	})
	return out
}

// buildFlags are the go command's flags for o.
func buildFlags(o *options) []string {
	if o.tags != "" {
		return []string{"-tags=" + o.tags}
	}
	return nil
}

// printVetJSON prints the findings as the in-process route's -json does:
// package ID -> "respbody" -> diagnostics (or an error).
func printVetJSON(w io.Writer, vr *vetroute.Result) error {
	tree := make(map[string]map[string]any)
	for _, p := range vr.Packages {
		switch {
		case p.Err != "":
			tree[p.ID] = map[string]any{"respbody": map[string]string{"error": p.Err}}
		case len(p.Diagnostics) > 0:
			tree[p.ID] = map[string]any{"respbody": p.Diagnostics}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// goLine matches a go.mod's go directive.
var goLine = regexp.MustCompile(`(?m)^go\s+([0-9][0-9.a-z]*)\s*(?://.*)?$`)

// moduleToolchainProblem says what to do when the main module (its go.mod
// is gomod, as go env says) needs a newer Go than respbody was built with
// (its type checker would fail on every file), or "" when it does not or
// cannot tell.
func moduleToolchainProblem(gomod string) string {
	if gomod == "" || gomod == os.DevNull {
		return ""
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	m := goLine.FindSubmatch(data)
	if m == nil {
		return ""
	}
	return newerModuleGo(gomod, string(m[1]))
}
