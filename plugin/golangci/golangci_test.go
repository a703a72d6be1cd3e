package golangci_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/respbody/respbody/internal/testmod"
	"github.com/respbody/respbody/passes/respbody"
	_ "github.com/respbody/respbody/plugin/golangci"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

func newPlugin(t *testing.T, conf any) (register.LinterPlugin, error) {
	t.Helper()
	p, err := register.GetPlugin("respbody")
	if err != nil {
		t.Fatal(err)
	}
	return p(conf)
}

func TestSettings(t *testing.T) {
	p, err := newPlugin(t, map[string]any{"drain": "never", "strict": true})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 {
		t.Fatalf("BuildAnalyzers: %v, %d analyzers", err, len(as))
	}
	if got := as[0].Flags.Lookup("drain").Value.String(); got != "never" {
		t.Fatalf("drain = %q, want never", got)
	}
	if got := as[0].Flags.Lookup("strict").Value.String(); got != "true" {
		t.Fatalf("strict = %q, want true", got)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Fatalf("load mode = %q", p.GetLoadMode())
	}
}

func TestDefaults(t *testing.T) {
	p, err := newPlugin(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	if got := as[0].Flags.Lookup("drain").Value.String(); got != "auto" {
		t.Fatalf("drain = %q, want auto", got)
	}
	if got := as[0].Flags.Lookup("strict").Value.String(); got != "false" {
		t.Fatalf("strict = %q, want false", got)
	}
	if got := as[0].Flags.Lookup("generated").Value.String(); got != "true" {
		t.Fatalf("generated = %q, want true: golangci-lint decides", got)
	}
	if got := as[0].Flags.Lookup("nolint").Value.String(); got != "false" {
		t.Fatalf("nolint = %q, want false: golangci-lint applies //nolint", got)
	}
}

func TestRejectsBadSettings(t *testing.T) {
	for _, conf := range []map[string]any{
		{"drain": "sometimes"},
		{"drian": "never"},
		{"facts": "gopls"},
		{"strict": "yes"},
	} {
		if _, err := newPlugin(t, conf); err == nil || !strings.Contains(err.Error(), "respbody settings") {
			t.Errorf("settings %v: err = %v, want a respbody settings error", conf, err)
		}
	}
}

// TestIndependentAnalyzers checks that two configurations do not share
// state.
func TestIndependentAnalyzers(t *testing.T) {
	p1, _ := newPlugin(t, map[string]any{"drain": "never"})
	p2, _ := newPlugin(t, map[string]any{"drain": "always"})
	a1, _ := p1.BuildAnalyzers()
	a2, _ := p2.BuildAnalyzers()
	if a1[0].Flags.Lookup("drain").Value.String() != "never" || a2[0].Flags.Lookup("drain").Value.String() != "always" {
		t.Fatal("plugins share their drain setting")
	}
}

// TestOneIssuePerFinding checks that the plugin's diagnostics carry no
// related positions (golangci-lint would count each as an issue), and that
// //nolint is left to golangci-lint while //lint:ignore still applies
// (testdata/src/suppressnolintoff).
func TestOneIssuePerFinding(t *testing.T) {
	p, err := newPlugin(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, testdata, as[0], "suppressnolintoff")
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			n++
			if len(d.Related) > 0 {
				t.Errorf("%s: %d related positions, want none", d.Message, len(d.Related))
			}
		}
	}
	if n == 0 {
		t.Fatal("no diagnostics")
	}
	// The analyzer itself does report them (a check of the test, not of
	// the plugin: not under -short).
	if testing.Short() {
		return
	}
	for _, r := range analysistest.Run(t, testdata, respbody.NewAnalyzer(), "basic") {
		for _, d := range r.Diagnostics {
			if len(d.Related) > 0 {
				return
			}
		}
	}
	t.Fatal("the analyzer reports no related positions in testdata/src/basic: this test no longer tests anything")
}

// TestFactsFromGoList runs the plugin's analyzer as golangci-lint runs a
// linter without facts: on the packages asked for only, their dependencies
// loaded from export data. The finding in testdata/routes/use/use.go needs
// lib's summaries (Get returns a fresh response, Discard closes it without
// draining), which only respbody's own driver can give there; with facts:
// golangci, golangci-lint's facts give them.
func TestFactsFromGoList(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a module with and without facts from source: not under -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("RESPBODY_CACHE", t.TempDir())
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	for _, tc := range []struct {
		facts string
		mode  packages.LoadMode
	}{
		{"", packages.LoadSyntax},            // dependencies from export data
		{"golangci", packages.LoadAllSyntax}, // every dependency from source
	} {
		p, err := newPlugin(t, map[string]any{"facts": tc.facts, "drain": "always"})
		if err != nil {
			t.Fatal(err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		if hasFacts := len(as[0].FactTypes) > 0; hasFacts != (tc.facts == "golangci") {
			t.Errorf("facts %q: the analyzer declares facts: %v", tc.facts, hasFacts)
		}
		pkgs, err := packages.Load(&packages.Config{Mode: tc.mode, Dir: dir}, "./use")
		if err != nil || packages.PrintErrors(pkgs) > 0 {
			t.Fatalf("loading: %v", err)
		}
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, act := range graph.Roots {
			if act.Err != nil {
				t.Fatalf("facts %q: %v", tc.facts, act.Err)
			}
			for _, d := range act.Diagnostics {
				posn := act.Package.Fset.Position(d.Pos)
				got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(posn.Filename), posn.Line, d.Message))
			}
		}
		want := "use.go:17: resp.Body is closed by this deferred call before it is read to EOF"
		if len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("facts %q: findings %q, want one starting %q", tc.facts, got, want)
		}
	}
}
