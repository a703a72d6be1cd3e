package respbody_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/analysistest"
)

// writeHuge writes a GOPATH-style package "huge" whose functions have
// thousands of blocks (branches, loops, nesting) and hundreds of responses,
// and returns the GOPATH root.
func writeHuge(t testing.TB, branches, responses int) string {
	t.Helper()
	root := t.TempDir()
	writeHugeAs(t, root, "huge", branches, responses)
	return root
}

// writeHugeAs writes the huge package under the GOPATH root as package name,
// importing (for their effects on the order of analysis) the packages
// after.
func writeHugeAs(t testing.TB, root, name string, branches, responses int, after ...string) {
	t.Helper()
	dir := filepath.Join(root, "src", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"io\"\n\t\"net/http\"\n", name)
	for _, imp := range after {
		fmt.Fprintf(&b, "\t_ %q\n", imp)
	}
	b.WriteString(")\n\n")

	// One response followed by thousands of branches and loops; it leaks
	// on one early return deep in the function.
	b.WriteString("func branches(u string, xs []int) int {\n")
	b.WriteString("\tresp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line`\n")
	b.WriteString("\tif err != nil {\n\t\treturn 0\n\t}\n\tn := 0\n")
	for i := 0; i < branches; i++ {
		fmt.Fprintf(&b, "\tif xs[%d] > n {\n\t\tn += %d\n\t} else if xs[%d] < 0 {\n\t\tfor j := 0; j < xs[%d]; j++ {\n\t\t\tn--\n\t\t}\n\t}\n", i%7, i, i%5, i%3)
	}
	b.WriteString("\tif n == 42 {\n\t\treturn n\n\t}\n")
	b.WriteString("\tdefer resp.Body.Close()\n\tio.Copy(io.Discard, resp.Body)\n\treturn n\n}\n\n")

	// Hundreds of responses in one function, all correct.
	b.WriteString("func responses(u string) {\n")
	for i := 0; i < responses; i++ {
		fmt.Fprintf(&b, "\tif r%d, err := http.Get(u); err == nil {\n\t\tio.Copy(io.Discard, r%d.Body)\n\t\tr%d.Body.Close()\n\t}\n", i, i, i)
	}
	b.WriteString("}\n")
	if err := os.WriteFile(filepath.Join(dir, name+".go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hugeScale is how many times larger package huge is than package
// hugeref, and hugeSlack how much more than linearly the analysis may
// grow: a cost quadratic in the blocks or the responses would be
// hugeScale times more still.
const (
	hugeScale = 4
	hugeSlack = 3.5
)

// TestHugeFunction checks that functions with thousands of blocks and
// hundreds of responses are analyzed, and right, and that the analysis
// grows linearly: package huge is hugeScale times the size of package
// hugeref, the reference, and respbody's stages on it (timed after the SSA
// is built: go/ssa's own lifting grows faster than linearly with the
// blocks) may take at most hugeSlack times hugeScale times as long as on
// the reference. The time is the process's CPU time where the system
// gives it (cpuTime), so that other processes (go test ./... runs
// packages side by side) do not count, from a fresh garbage collection,
// so that a collection of the whole heap does not fall in one timing and
// not the other. Package huge imports hugeref, so
// that the two are analyzed one after the other, and nothing else of the
// process runs meanwhile: their dependencies are done, and the test is not
// parallel.
func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the huge package takes seconds")
	}
	root := t.TempDir()
	writeHugeAs(t, root, "hugeref", 3000/hugeScale, 300/hugeScale)
	writeHugeAs(t, root, "huge", 3000, 300, "hugeref")
	var mu sync.Mutex
	took := make(map[string]time.Duration)
	a := respbody.NewTimedAnalyzer(func(pkg string) func() {
		// A collection now, not one of the whole heap (net/http from
		// source) in the middle of the timing.
		runtime.GC()
		start := cpuTime()
		return func() {
			mu.Lock()
			took[pkg] += cpuTime() - start
			mu.Unlock()
		}
	})
	analysistest.Run(t, root, a, "huge", "hugeref")
	big, ref := took["huge"], took["hugeref"]
	if big == 0 || ref == 0 {
		t.Fatalf("timed %v, want both packages", took)
	}
	ratio := float64(big) / float64(ref)
	t.Logf("huge: %v, hugeref: %v: %.1f times as long for %d times the size", big, ref, ratio, hugeScale)
	if ratio > hugeScale*hugeSlack {
		t.Errorf("the analysis of functions %d times larger took %.1f times as long (%v against %v): more than %.1f times linear", hugeScale, ratio, big, ref, hugeSlack)
	}
}

// BenchmarkHugeFunction measures the analysis of the huge package (load
// and type-check included; compare with -branches to see the growth).
func BenchmarkHugeFunction(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("branches=%d", n), func(b *testing.B) {
			root := writeHuge(b, n, n/10)
			for b.Loop() {
				analysistest.Run(b, root, respbody.Analyzer, "huge")
			}
		})
	}
}

// quiet is an analysistest.Testing that drops the mismatches: the test
// inspects the diagnostics itself.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestRelatedBounded checks that output grows with the findings, not with
// their product with the returns: in one function where each of 40
// responses leaks at some 80 returns, each finding has at most ten related
// positions and names at most ten lines, then how many more.
func TestRelatedBounded(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: a function of 40 leaking responses")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "src", "many")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("package many\n\nimport \"net/http\"\n\nfunc many(u string, k int) int {\n")
	const n, m = 40, 40
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tr%d, err%d := http.Get(u)\n\tif err%d != nil {\n\t\treturn %d\n\t}\n\t_ = r%d\n", i, i, i, i, i)
	}
	for i := 0; i < m; i++ {
		fmt.Fprintf(&b, "\tif k == %d {\n\t\treturn %d\n\t}\n", i, i)
	}
	b.WriteString("\treturn 0\n}\n")
	if err := os.WriteFile(filepath.Join(dir, "many.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(quiet{}, root, respbody.Analyzer, "many")
	findings, related := 0, 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			findings++
			related += len(d.Related)
			if len(d.Related) > 10 {
				t.Errorf("%d related positions, want at most 10: %s", len(d.Related), d.Message)
			}
			_, lines, _ := strings.Cut(d.Message, "at lines ")
			lines, _, _ = strings.Cut(lines, ":")
			if c := strings.Count(lines, ",") + 1; c > 10 {
				t.Errorf("the message names %d lines, want at most 10 and how many more: %s", c, d.Message)
			}
		}
	}
	if findings != n {
		t.Errorf("%d findings, want %d", findings, n)
	}
	if related > 10*findings {
		t.Errorf("%d related positions for %d findings", related, findings)
	}
	if first := results[0].Diagnostics; len(first) > 0 {
		if msg := first[0].Message; !strings.Contains(msg, " more: ") {
			t.Errorf("the first finding's message does not say how many more lines there are: %s", msg)
		}
	}
}
