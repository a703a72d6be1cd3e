package respbody_test

import (
	"fmt"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// layers is the plan of the analyzer package, lowest first: each file may
// run code (call a function or method, read a variable or constant) of the
// files before it, and should not run code of the files after it. Files in
// one layer may use each other. DEVELOPMENT.md draws the same plan.
var layers = [][]string{
	// The vocabulary: statuses, the lattice, summaries (the facts), the
	// kinds of values that hold a body, the syntax index, obligations.
	{"status.go", "state.go", "summary.go", "values.go", "syntax.go", "obligation.go"},
	// The analysis of one package: the checker, what respbody knows of
	// net/http, io and the other libraries, and the lookup of the summary
	// of a call (its own, a fact, or one computed from another package's
	// SSA).
	{"checker.go", "handled.go", "knowledge.go", "lookup.go", "sentinel.go", "azure.go", "program.go"},
	// What the stages of the analysis of one function share: the control
	// flow, value tracing, error classes, transports.
	{"cfg.go", "valuetrace.go", "errclass.go", "transport.go", "nokeepalive.go"},
	// The stages, in order (pipeline.go assembles them).
	{"stage1_obligations.go", "stage1_sends.go"},
	{"stage2_refs.go"},
	{"stage3_events.go", "stage3_calls.go", "stage3_branches.go"},
	{"stage4_solve.go"},
	{"stage5_findings.go"},
	{"stage6_summarize.go"},
	{"stage6_fixes.go"},
	{"stage6_report.go", "stage6_deferloop.go"},
	{"pipeline.go"},
	// The pass: which functions to analyze, SSA, suppression, the analyzer.
	{"relevance.go", "build.go", "suppress.go"},
	{"analyzer.go", "doctext.go", "doc.go"},
}

// maxUpUses is how many uses may run back up the plan: one, the use that
// is the design, not drift: the checker asks for the summary of a function
// of its package by analyzing it (checker.go calls pipeline.go's analyze,
// which asks the checker for its callees' summaries).
const maxUpUses = 1

// TestLayering counts the uses that run back up the plan: a file's code
// that names a function, method, variable or constant declared in a file
// of a later layer, each (file, name) pair once. Types and struct fields
// are the vocabulary a layer shares with those above it (a stage's methods
// extend the pipeline's funcAnalysis) and are not counted. The test fails
// when a file is not in the plan or the count grows past maxUpUses; -v
// lists the uses.
func TestLayering(t *testing.T) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading the package: %v", pkgs)
	}
	pkg := pkgs[0]
	rank := make(map[string]int)
	for i, layer := range layers {
		for _, f := range layer {
			rank[f] = i
		}
	}
	fileOf := func(obj types.Object) string {
		return filepath.Base(pkg.Fset.Position(obj.Pos()).Filename)
	}
	for _, f := range pkg.Syntax {
		name := filepath.Base(pkg.Fset.Position(f.Pos()).Filename)
		if _, ok := rank[name]; !ok {
			t.Errorf("%s is not in the plan (layers in layers_test.go): place it", name)
		}
	}
	ups := make(map[string]bool)
	for id, obj := range pkg.TypesInfo.Uses {
		if obj.Pkg() != pkg.Types || obj.Parent() == types.Universe {
			continue
		}
		switch obj := obj.(type) {
		case *types.Func:
		case *types.Var:
			if obj.IsField() || obj.Parent() != pkg.Types.Scope() {
				continue
			}
		case *types.Const:
			if obj.Parent() != pkg.Types.Scope() {
				continue
			}
		default:
			continue
		}
		from, to := filepath.Base(pkg.Fset.Position(id.Pos()).Filename), fileOf(obj)
		if rank[from] < rank[to] {
			ups[fmt.Sprintf("%s uses %s (%s)", from, obj.Name(), to)] = true
		}
	}
	list := make([]string, 0, len(ups))
	for u := range ups {
		list = append(list, u)
	}
	slices.Sort(list)
	t.Logf("%d uses run back up:\n%s", len(list), strings.Join(list, "\n"))
	if len(list) > maxUpUses {
		t.Errorf("%d uses run back up the plan (at most %d); move the code down, or the user up:\n%s", len(list), maxUpUses, strings.Join(list, "\n"))
	}
}
