package listroute

import (
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/respbody/respbody/internal/testmod"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// loadUse copies testdata/routes and loads its package use, returning the
// copy, use's types and the object lib.Discard that use imports.
func loadUse(t *testing.T) (string, *types.Package, types.Object) {
	t.Helper()
	slow(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: dir, Env: env}, "./use")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading: %v", err)
	}
	use := pkgs[0].Types
	for _, imp := range use.Imports() {
		if imp.Path() == "example.com/routes/lib" {
			if discard := imp.Scope().Lookup("Discard"); discard != nil {
				return dir, use, discard
			}
		}
	}
	t.Fatal("no lib.Discard")
	return "", nil, nil
}

// newFact returns a new, empty fact of the analyzer's type.
func newFact(a *analysis.Analyzer) analysis.Fact {
	return reflect.New(reflect.TypeOf(a.FactTypes[0]).Elem()).Interface().(analysis.Fact)
}

// TestFactsAfterAPackageOutsideTheModule checks that a package whose files
// are in no module (or in a folder that does not exist), asked about
// first, finds no facts and leaves the others theirs: the facts of lib
// for use, in testdata/routes.
func TestFactsAfterAPackageOutsideTheModule(t *testing.T) {
	t.Parallel()
	dir, use, discard := loadUse(t)
	a := respbody.NewAnalyzer()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	facts := NewFacts(Options{Analyzer: a, ToolID: "test", Env: env, CacheDir: t.TempDir()})
	outside := t.TempDir()
	for _, d := range []string{outside, filepath.Join(outside, "missing"), outside} {
		if facts.ImportObjectFact(use, false, d, discard, newFact(a)) {
			t.Fatalf("a fact for a package in %s, in no module", d)
		}
	}
	if !facts.ImportObjectFact(use, false, filepath.Join(dir, "use"), discard, newFact(a)) {
		t.Fatal("no fact on lib.Discard for use, once a package outside the module was asked about first")
	}
}

// TestFactsGOFLAGSJSON asks for a fact with GOFLAGS=-json, as a user's go
// env file may set it: the go commands the facts need must still be
// understood.
func TestFactsGOFLAGSJSON(t *testing.T) {
	t.Parallel()
	dir, use, discard := loadUse(t)
	a := respbody.NewAnalyzer()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -json")
	facts := NewFacts(Options{Analyzer: a, ToolID: "test", Env: env, CacheDir: t.TempDir()})
	if !facts.ImportObjectFact(use, false, filepath.Join(dir, "use"), discard, newFact(a)) {
		t.Fatal("no fact on lib.Discard with GOFLAGS=-json")
	}
}
