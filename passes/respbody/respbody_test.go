package respbody_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestMain makes internal errors panic instead of hiding (see debugging),
// for every test of the package, which may then run in parallel.
func TestMain(m *testing.M) {
	os.Setenv("RESPBODY_DEBUG", "1")
	os.Exit(m.Run())
}

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// rules are the testdata packages TestRules checks, one rule or theme each.
var rules = []string{
	"basic", "sources", "errpaths", "handoff", "closing", "drain",
	"loops", "noreturn", "helpers", "xlib", "xuse", "xnohttp", "testsonly",
	"model", "modellib", "modeluse", "nobody", "generated", "wrapperlib", "wrapperuse", "iterators", "transports",
	"statuslib", "statususe", "neverclosedlib", "neverclosed",
	"rangefunc", "rangefunclib", "rangefuncuse", "sentinellib", "sentinel", "mustlib", "mustuse",
	"retrylib", "retryuse",
	"replacebodylib", "replacebody",
	"deferreassignlib", "deferreassign",
	"inflight",
	"ownerlib", "owneruse",
	"samelib", "sameuse",
	"boolhelperlib", "boolhelperuse",
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/internal/exported", "github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime", "azgen", "azuse",
	"nokeepalive", "nokeepalivelib", "nokeepaliveuse",
	"closefunc", "closefunclib", "closefuncuse",
	"handledlib", "handleduse", "bodyclosenolintoff",
}

// The default run: the rules' packages, and those of TestRelated and
// TestSuppress, analyzed with the default flags in one analysistest run,
// which loads net/http from source once, not once per test or package.
var (
	defaultOnce    sync.Once
	defaultPkgs    = append(slices.Clone(rules), "related", "suppress")
	defaultErrs    *routed
	defaultResults []*analysistest.Result
)

// runDefault runs the default run once for all the tests that read it, and
// returns its results and its mismatches by package.
func runDefault(t *testing.T) ([]*analysistest.Result, *routed) {
	t.Helper()
	defaultOnce.Do(func() {
		defaultErrs = &routed{
			prefix: filepath.Join(testdata(t), "src") + string(filepath.Separator),
			pkgs:   defaultPkgs,
			errs:   make(map[string][]string),
		}
		defaultResults = analysistest.Run(defaultErrs, testdata(t), respbody.Analyzer, defaultPkgs...)
	})
	return defaultResults, defaultErrs
}

// resultsOf returns the results of the default run for one package.
func resultsOf(results []*analysistest.Result, pkg string) []*analysistest.Result {
	var out []*analysistest.Result
	for _, r := range results {
		if r.Pass.Pkg.Path() == pkg {
			out = append(out, r)
		}
	}
	return out
}

// TestRules runs each rule's testdata package: every line with a // want
// comment must be reported, and no other line. The packages are analyzed
// in the default run; each package's mismatches are reported by its own
// subtest.
func TestRules(t *testing.T) {
	t.Parallel()
	_, byPkg := runDefault(t)
	for _, msg := range byPkg.errs[""] {
		t.Error(msg)
	}
	for _, pkg := range rules {
		t.Run(pkg, func(t *testing.T) {
			for _, msg := range byPkg.errs[pkg] {
				t.Error(msg)
			}
		})
	}
}

// flagVariant returns an analyzer with the flag name set to value, for a
// test of a flag variant; under -short it skips the test: each variant
// loads net/http from source for itself, and the default run (TestRules)
// covers the code they share.
func flagVariant(t *testing.T, name, value string) *analysis.Analyzer {
	t.Helper()
	if testing.Short() {
		t.Skip("a flag variant: -short runs the default flags only")
	}
	a := respbody.NewAnalyzer()
	if err := a.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	return a
}

// routed is an analysistest.Testing that sorts the mismatches of a run by
// the testdata package whose file they name ("" for the others).
type routed struct {
	prefix string   // the testdata src directory, with a trailing separator
	pkgs   []string // the packages of the run
	mu     sync.Mutex
	errs   map[string][]string
}

func (r *routed) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	// Mismatches start with a position, relative to the src directory or
	// absolute: "basic/basic.go:12:15: ...".
	rest := strings.TrimPrefix(filepath.ToSlash(msg), filepath.ToSlash(r.prefix))
	pkg, _, _ := strings.Cut(rest, "/")
	if !slices.Contains(r.pkgs, pkg) {
		pkg = ""
	}
	r.mu.Lock()
	r.errs[pkg] = append(r.errs[pkg], msg)
	r.mu.Unlock()
}

// TestDrainNever checks that -drain=never silences undrained closes only.
func TestDrainNever(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "drain", "never")
	analysistest.Run(t, testdata(t), a, "drainnever")
}

// TestStrict checks that -strict also reports bodies never closed on paths
// where the response has no body, and that the others are reported as
// without it.
func TestStrict(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "strict", "true")
	analysistest.Run(t, testdata(t), a, "strict")
}

// TestGenerated checks that -generated reports findings in generated
// files, which are skipped by default (package generated).
func TestGenerated(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "generated", "true")
	analysistest.Run(t, testdata(t), a, "generatedflag")
}

// TestDrainFlagRejectsUnknown checks the flag's validation.
func TestDrainFlagRejectsUnknown(t *testing.T) {
	a := respbody.NewAnalyzer()
	if err := a.Flags.Set("drain", "sometimes"); err == nil {
		t.Fatal("-drain=sometimes was accepted")
	}
	if got := a.Flags.Lookup("drain").Value.String(); got != "auto" {
		t.Fatalf("-drain = %q after a rejected value, want auto", got)
	}
}

// TestAnalyzersAreIndependent checks that flags set on one analyzer do not
// leak into another (drivers such as nogo and golangci-lint build their own).
func TestAnalyzersAreIndependent(t *testing.T) {
	a, b := respbody.NewAnalyzer(), respbody.NewAnalyzer()
	if err := a.Flags.Set("drain", "always"); err != nil {
		t.Fatal(err)
	}
	if got := b.Flags.Lookup("drain").Value.String(); got != "auto" {
		t.Fatalf("second analyzer's -drain = %q, want auto", got)
	}
}

func TestChecksDrain(t *testing.T) {
	for _, tc := range []struct {
		mode, version string
		want          bool
	}{
		{"auto", "", true}, // unknown: assume an older toolchain
		{"auto", "go1.21", true},
		{"auto", "go1.26", true},
		{"auto", "go1.26.8", true},
		{"auto", "go1.27", false},
		{"auto", "go1.27rc1", false}, // the release candidate already drains
		{"auto", "go1.27.0", false},
		{"auto", "go1.28", false},
		{"always", "go1.30", true},
		{"never", "go1.20", false},
	} {
		if got := respbody.ChecksDrain(tc.mode, tc.version); got != tc.want {
			t.Errorf("checksDrain(%q, %q) = %v, want %v", tc.mode, tc.version, got, tc.want)
		}
	}
}

// TestFixes applies every suggested fix and compares with the .golden
// files: the fixes of the two rules, and (package deferloop) the findings
// of closes deferred inside the loop that obtains the body, with the fix
// that moves the close to the end of the iteration where that is safe.
func TestFixes(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata(t), respbody.Analyzer, "fixes", "fixesnoio", "fixesread", "fixesowner", "deferloop")
}

// TestFixesDrainNever checks the fix for a leak when drains are not
// checked: a plain deferred close.
func TestFixesDrainNever(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "drain", "never")
	analysistest.RunWithSuggestedFixes(t, testdata(t), a, "fixesnever")
}

// TestRelated checks the related positions of package related's findings:
// in position order, at most ten, the last saying how many more there are,
// and each saying what is true there.
func TestRelated(t *testing.T) {
	t.Parallel()
	all, byPkg := runDefault(t)
	for _, msg := range byPkg.errs["related"] {
		t.Error(msg)
	}
	results := resultsOf(all, "related")
	want := map[string][]string{
		"manyReturns": {
			"the body leaks when the function returns here",
			"the body leaks when the function returns here (and 2 more like it, not shown)",
		},
		"replacedThenReturn": {
			"the body leaks when it is overwritten here",
			"the body leaks when the function returns here",
		},
		"readOnOnePath": {
			"the body leaks when the function returns here",
			"the body is not closed when the function returns here (it was read to EOF)",
		},
	}
	seen := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			fn := enclosingFunc(r, d.Pos)
			w, ok := want[fn]
			if !ok || d.Category != respbody.CategoryUnclosed {
				continue
			}
			seen++
			if len(d.Related) > 10 {
				t.Errorf("%s: %d related positions, want at most 10", fn, len(d.Related))
			}
			if !slices.IsSortedFunc(d.Related, func(a, b analysis.RelatedInformation) int { return int(a.Pos - b.Pos) }) {
				t.Errorf("%s: related positions out of order", fn)
			}
			if len(d.Related) < 2 {
				t.Errorf("%s: %d related positions, want at least 2", fn, len(d.Related))
				continue
			}
			if got := d.Related[0].Message; got != w[0] {
				t.Errorf("%s: first related message %q, want %q", fn, got, w[0])
			}
			if got := d.Related[len(d.Related)-1].Message; got != w[1] {
				t.Errorf("%s: last related message %q, want %q", fn, got, w[1])
			}
		}
	}
	if seen != len(want) {
		t.Errorf("checked %d findings, want %d", seen, len(want))
	}
}

// enclosingFunc names the function declaration of r's package that holds
// pos.
func enclosingFunc(r *analysistest.Result, pos token.Pos) string {
	for _, f := range r.Pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				return fd.Name.Name
			}
		}
	}
	return ""
}
