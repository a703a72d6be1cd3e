package respbody

import (
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"golang.org/x/tools/go/analysis"
	driver "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// TestSharedProgram builds each package of a run three ways: while the
// shared program is retired (after a build panicked); in the run's shared
// program; and again, when the package is in that program already (a
// driver that analyzes a package twice). The first and last must use
// programs of their own, and all three build the same functions.
func TestSharedProgram(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	names := func(funcs []*ssa.Function) []string {
		var out []string
		for _, f := range funcs {
			out = append(out, f.String())
		}
		return out
	}
	var built atomic.Int32
	var serial sync.Mutex // one pass at a time: each retires the program for a while
	a := &analysis.Analyzer{
		Name:      "buildthrice",
		Doc:       "builds each package's SSA three ways",
		FactTypes: []analysis.Fact{new(Summary)},
		Run: func(pass *analysis.Pass) (any, error) {
			if !needsAnalysis(pass) {
				return nil, nil
			}
			serial.Lock()
			defer serial.Unlock()
			sp := programFor(pass.Fset)
			sp.mu.Lock()
			sp.broken = true
			sp.mu.Unlock()
			pkg3, funcs3 := buildSSA(pass)
			sp.mu.Lock()
			sp.broken = false
			sp.mu.Unlock()
			pkg1, funcs1 := buildSSA(pass)
			if pkg1.Prog != sp.prog {
				t.Errorf("%s: build not in the shared program", pass.Pkg.Path())
			}
			pkg2, funcs2 := buildSSA(pass)
			for _, p := range []*ssa.Package{pkg2, pkg3} {
				if p.Prog == sp.prog || p.Prog == pkg1.Prog {
					t.Errorf("%s: a rebuild used the shared program", pass.Pkg.Path())
				}
			}
			want := names(funcs1)
			for _, funcs := range [][]*ssa.Function{funcs2, funcs3} {
				if got := names(funcs); len(got) != len(want) {
					t.Errorf("%s: rebuild has %d functions, want %d", pass.Pkg.Path(), len(got), len(want))
				}
			}
			built.Add(1)
			return nil, nil
		},
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "xuse", "xnohttp")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages with errors")
	}
	if _, err := driver.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
		t.Fatal(err)
	}
	if built.Load() < 3 {
		t.Fatalf("built %d packages, want at least xlib, xuse and xnohttp", built.Load())
	}
}

// TestProgramGoesWithItsRun checks that a run's shared program is dropped
// once the run's FileSet is unreachable.
func TestProgramGoesWithItsRun(t *testing.T) {
	var key weak.Pointer[token.FileSet]
	present := func() bool {
		programsMu.Lock()
		defer programsMu.Unlock()
		_, ok := programs[key]
		return ok
	}
	func() {
		fset := token.NewFileSet()
		key = weak.Make(fset)
		first := programFor(fset)
		if again := programFor(fset); again != first {
			t.Error("two programs for one run")
		}
		if !present() {
			t.Fatal("no program for a live run")
		}
		runtime.KeepAlive(fset)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for present() {
		if time.Now().After(deadline) {
			t.Fatal("the program outlived its FileSet")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
