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

// TestFactsAfterAPackageOutsideTheModule checks that a package whose files
// are in no module (or in a folder that does not exist), asked about
// first, finds no facts and leaves the others theirs: the facts of lib
// for use, in testdata/routes.
func TestFactsAfterAPackageOutsideTheModule(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: dir, Env: env}, "./use")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading: %v", err)
	}
	use := pkgs[0].Types
	var discard types.Object
	for _, imp := range use.Imports() {
		if imp.Path() == "example.com/routes/lib" {
			discard = imp.Scope().Lookup("Discard")
		}
	}
	if discard == nil {
		t.Fatal("no lib.Discard")
	}
	a := respbody.NewAnalyzer()
	facts := NewFacts(Options{Analyzer: a, ToolID: "test", Env: env, CacheDir: t.TempDir()})
	fact := func() analysis.Fact {
		return reflect.New(reflect.TypeOf(a.FactTypes[0]).Elem()).Interface().(analysis.Fact)
	}
	outside := t.TempDir()
	for _, d := range []string{outside, filepath.Join(outside, "missing"), outside} {
		if facts.ImportObjectFact(use, false, d, discard, fact()) {
			t.Fatalf("a fact for a package in %s, in no module", d)
		}
	}
	if !facts.ImportObjectFact(use, false, filepath.Join(dir, "use"), discard, fact()) {
		t.Fatal("no fact on lib.Discard for use, once a package outside the module was asked about first")
	}
}

// TestFactsGOFLAGSJSON asks for a fact with GOFLAGS=-json, as a user's go
// env file may set it: the go commands the facts need must still be
// understood.
func TestFactsGOFLAGSJSON(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	clean := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: dir, Env: clean}, "./use")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading: %v", err)
	}
	use := pkgs[0].Types
	var discard types.Object
	for _, imp := range use.Imports() {
		if imp.Path() == "example.com/routes/lib" {
			discard = imp.Scope().Lookup("Discard")
		}
	}
	if discard == nil {
		t.Fatal("no lib.Discard")
	}
	a := respbody.NewAnalyzer()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -json")
	facts := NewFacts(Options{Analyzer: a, ToolID: "test", Env: env, CacheDir: t.TempDir()})
	fact := reflect.New(reflect.TypeOf(a.FactTypes[0]).Elem()).Interface().(analysis.Fact)
	if !facts.ImportObjectFact(use, false, filepath.Join(dir, "use"), discard, fact) {
		t.Fatal("no fact on lib.Discard with GOFLAGS=-json")
	}
}
