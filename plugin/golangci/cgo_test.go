package golangci_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/testmod"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestFactsCgo runs the plugin's analyzer with facts from go list on the
// packages of testdata/cgo, as golangci-lint does: the files of a cgo
// package are those cgo wrote, in the build cache, last (mixed), or only
// (use). The module, where the facts come from, is found from the
// package's own files all the same: each finding needs lib's summaries.
func TestFactsCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("lists and analyzes a cgo module: not under -short")
	}
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	t.Setenv("RESPBODY_CACHE", t.TempDir())
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "cgo"))
	for pattern, want := range map[string]string{
		"./use":   "use.go:20: resp.Body is closed by this deferred call before it is read to EOF",
		"./mixed": "status.go:15: resp.Body is closed by this deferred call before it is read to EOF",
	} {
		// A plugin of its own for each: the first package asked
		// about is the cgo one.
		p, err := newPlugin(t, map[string]any{"drain": "always"})
		if err != nil {
			t.Fatal(err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		if len(as[0].FactTypes) > 0 {
			t.Fatal("the analyzer declares facts: not the go-list route")
		}
		pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: dir}, pattern)
		if err != nil || packages.PrintErrors(pkgs) > 0 {
			t.Fatalf("loading %s: %v", pattern, err)
		}
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, act := range graph.Roots {
			if act.Err != nil {
				t.Fatalf("%s: %v", pattern, act.Err)
			}
			for _, d := range act.Diagnostics {
				posn := act.Package.Fset.Position(d.Pos)
				got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(posn.Filename), posn.Line, d.Message))
			}
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s: findings %q, want one starting %q", pattern, got, want)
		}
	}
}
