package listroute

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/respbody/respbody/internal/goenv"
	"golang.org/x/tools/go/analysis"
)

// Facts answers the fact queries of an analyzer that another driver runs
// as if it had no facts. golangci-lint, for one, loads every dependency
// from source and analyzes it as soon as an analyzer declares facts, and
// from export data otherwise. With Facts, the analyzer declares none to
// the driver, and a dependency is analyzed only when a fact about it is
// asked for, as on the default route, with the same cache.
//
// The packages are those of go list -test ./... in the module of the first
// package asked about that is in a module, with the build flags of the
// Options: a package the driver built otherwise (other build tags) may
// find no facts. A package outside any module finds none, and leaves the
// others theirs.
type Facts struct {
	opts     Options
	toolArgs []string

	mu      sync.Mutex
	done    bool            // the module is listed, or cannot be
	outside map[string]bool // the folders found in no module
	warned  bool
	d       *driver
	byPath  map[string][]*pkg
}

// NewFacts returns a source of facts for opts.Analyzer, the analyzer with
// its facts. Options.Patterns, Dir and Tests are decided on first use, and
// so is ToolID, when it is "": ExecutableID(toolArgs...), which reads the
// whole binary, a cost a run that asks for no fact (golangci-lint's
// cached runs) should not pay.
func NewFacts(opts Options, toolArgs ...string) *Facts {
	return &Facts{opts: opts, toolArgs: toolArgs}
}

// ImportObjectFact is pass.ImportObjectFact for a pass over the package
// from (with test files when test is set) whose files are in dir.
func (f *Facts) ImportObjectFact(from *types.Package, test bool, dir string, obj types.Object, fact analysis.Fact) bool {
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == from {
		return false
	}
	d := f.driver(dir)
	if d == nil {
		return false
	}
	p := f.variant(from.Path(), test)
	if p == nil {
		return false
	}
	ok := d.importFact(p, obj, fact)
	// golangci-lint does not say when its run ends: what this query
	// analyzed is stored now.
	d.flush()
	return ok
}

// driver returns the driver of the module, listing it first from dir, the
// folder of a package's files, if it is not yet; nil when there are no
// facts to find there.
func (f *Facts) driver(dir string) *driver {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.done && !f.outside[dir] {
		f.load(dir)
	}
	return f.d
}

// load lists the packages of dir's module. When dir is in no module (or
// cannot be looked at), it remembers dir, and the next package asked
// about from another folder tries again; when the module cannot be listed,
// no fact is found. Either way it says why, once.
func (f *Facts) load(dir string) {
	fail := func(err error) {
		if !f.warned {
			f.warned = true
			fmt.Fprintf(os.Stderr, "respbody: the facts of other packages are not available, so findings that need them are missing: %v\n", err)
		}
	}
	if f.opts.ToolID == "" {
		f.opts.ToolID = ExecutableID(f.toolArgs...)
	}
	// The go commands run with GOFLAGS cleaned of the flags that change
	// what they print (GOFLAGS=-json would break go list's output).
	env, err := goenv.Load(f.opts.Env, dir)
	if err == nil && (env.GOMOD == "" || env.GOMOD == os.DevNull) {
		err = fmt.Errorf("%s is not in a module", dir)
	}
	if err != nil {
		if f.outside == nil {
			f.outside = make(map[string]bool)
		}
		f.outside[dir] = true
		fail(err)
		return
	}
	f.done = true
	f.opts.Env = env.Vars
	f.opts.Dir = filepath.Dir(env.GOMOD)
	f.opts.Patterns = []string{"./..."}
	f.opts.Tests = true
	pkgs, output, failed, err := list(&f.opts, true)
	if err == nil && failed {
		err = fmt.Errorf("go list failed: %s", strings.TrimSpace(output))
	}
	if err != nil {
		fail(err)
		return
	}
	d, err := newDriver(&f.opts, pkgs)
	if err != nil {
		fail(err)
		return
	}
	f.byPath = make(map[string][]*pkg)
	for _, p := range pkgs {
		f.byPath[p.path] = append(f.byPath[p.path], p)
	}
	f.d = d
}

// variant returns the listed package of path that a pass sees: its test
// variant when test is set (an external test package is one), else the
// package itself.
func (f *Facts) variant(path string, test bool) *pkg {
	var plain *pkg
	for _, p := range f.byPath[path] {
		switch {
		case p.ForTest == "":
			plain = p
		case test && (p.ForTest == path || p.ForTest+"_test" == path):
			return p
		}
	}
	return plain
}
