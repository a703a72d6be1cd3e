package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/respbody/respbody/internal/jsondiag"
	"github.com/respbody/respbody/internal/listroute"
)

// The default route: respbody's own driver on go list (internal/listroute;
// DEVELOPMENT.md says how it works). Dependencies come from the build
// cache's export data, a dependency is analyzed from source only when a
// fact about it is asked for, and each package's facts and findings are
// kept in respbody's cache ($RESPBODY_CACHE). The driver reports findings
// in their JSON form (internal/jsondiag), which are turned back into the
// diagnostics the in-process route produces, over a file set of the files
// that hold them, so that every output format prints them the same way.

// statsEnv, when set, makes the default route say on stderr what it
// analyzed and what came from its cache.
const statsEnv = "RESPBODY_STATS"

// cachedRoute reports whether o can take the default route: -fix, -diff
// and -c need the in-process one, as does -inprocess, a machine without a
// go command, or a build system's GOPACKAGESDRIVER.
func cachedRoute(o *options) bool {
	return !o.inprocess && !o.fix && !o.diff && o.context < 0 && listroute.Unavailable(nil) == nil
}

// loadCached analyzes the packages with respbody's own driver and returns
// the outcome as load does. When the go command fails (a package does not
// build), it analyzes in-process instead, which names each package that
// was not analyzed.
func loadCached(o *options) *outcome {
	res := new(outcome)
	if msg := moduleToolchainProblem(o.env.GOMOD); msg != "" {
		res.problems = append(res.problems, msg)
		return res
	}
	lr, err := runList(o)
	if err != nil {
		res.problems = append(res.problems, fmt.Sprintf("%v (run with -inprocess)", err))
		return res
	}
	if lr.NoPackages {
		// As go vet does: the go command's warnings, then one line.
		os.Stderr.WriteString(lr.Output)
		res.problems = append(res.problems, noPackagesProblem(o.patterns))
		return res
	}
	if lr.Failed {
		// Some package does not build, or a pattern is wrong. The
		// in-process route says which package is at fault and what to
		// do, and still analyzes the others: rare enough to pay for.
		fmt.Fprintln(os.Stderr, "respbody: go list reported a problem; analyzing in this process instead, to say why")
		in := *o
		in.inprocess = true
		res := load(&in)
		if !res.failed() && lr.Output != "" {
			os.Stderr.WriteString(lr.Output) // what go list said, since nothing else explains it
		}
		return res
	}
	res.listed = lr
	// The go command's own messages (go: downloading ...): passed on,
	// not errors.
	os.Stderr.WriteString(lr.Output)
	for _, p := range lr.Packages {
		if p.Err != "" {
			res.problems = append(res.problems, fmt.Sprintf("%s: %s", p.ID, p.Err))
		}
	}
	fset, diags, files, lost := jsondiag.ToAnalysis(lr.Unique())
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

// runList analyzes the packages with respbody's own driver, and returns
// what it found.
func runList(o *options) (*listroute.Result, error) {
	dir, err := listroute.DefaultCacheDir()
	if err != nil {
		return nil, err
	}
	listroute.Trim(dir)
	var stats listroute.Stats
	lr, err := listroute.Run(listroute.Options{
		Analyzer:   o.analyzer,
		ToolID:     listroute.ExecutableID(analyzerFlags(o)...),
		BuildFlags: buildFlags(o),
		Patterns:   o.patterns,
		Env:        o.env.Vars,
		Tests:      o.tests,
		CacheDir:   dir,
		Stats:      &stats,
	})
	if err == nil && os.Getenv(statsEnv) != "" {
		fmt.Fprintf(os.Stderr, "respbody: %d packages in the graph, %d reported on, %d analyzed, %d from the cache, %d not stored (changed during the run)\n",
			stats.Packages, stats.Roots, len(stats.Sources), stats.Cached, stats.Unstored)
	}
	return lr, err
}

// analyzerFlags are the analyzer's flags set on the command line, for the
// cache key.
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

// printListJSON prints the findings as go vet and the in-process route's
// -json do: package ID -> "respbody" -> diagnostics (or an error).
func printListJSON(w io.Writer, lr *listroute.Result) error {
	tree := make(map[string]map[string]any)
	for _, p := range lr.Packages {
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
