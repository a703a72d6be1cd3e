package listroute

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/testmod"
	"github.com/respbody/respbody/passes/respbody"
)

// slow skips, under -short, a test that runs the analysis on a module
// besides TestRun's: what is left is TestRun and the unit tests.
func slow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go list and the analysis: not under -short")
	}
}

func TestRoots(t *testing.T) {
	pkgs := []*pkg{
		{ID: "q", DepOnly: true},
		{ID: "p", TestGoFiles: []string{"p_test.go"}},
		{ID: "q [p.test]", ForTest: "p"},
		{ID: "p [p.test]", ForTest: "p"},
		{ID: "p_test [p.test]", ForTest: "p"},
		{ID: "p.test", Name: "main"},
		{ID: "r"},
		{ID: "s"},
		{ID: "s [r.test]", ForTest: "r"},
	}
	for _, p := range pkgs {
		p.path, _, _ = strings.Cut(p.ID, " ")
	}
	var got []string
	for _, p := range roots(pkgs) {
		got = append(got, p.ID)
	}
	want := []string{"p [p.test]", "p_test [p.test]", "r", "s"}
	if !slices.Equal(got, want) {
		t.Errorf("roots = %q, want %q (as go vet picks them)", got, want)
	}
}

func TestCacheKeys(t *testing.T) {
	dir := t.TempDir()
	file := func(name, src string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := file("a.go", "package a\n")
	graph := func() (pa, pb, pc, pd *pkg) {
		pa = &pkg{ID: "a", GoFiles: []string{a}}
		pb = &pkg{ID: "b", GoFiles: []string{file("b.go", "package b\n")}, deps: []*pkg{pa}}
		pc = &pkg{ID: "c", GoFiles: []string{file("c.go", "package c\n")}, deps: []*pkg{pb}}
		pd = &pkg{ID: "d", GoFiles: []string{filepath.Join(dir, "missing.go")}, deps: []*pkg{pa}}
		return
	}
	env := func(id string) *buildEnv { return &buildEnv{id: id, goVersion: "go1.26"} }
	keys := func(be *buildEnv, pkgs ...*pkg) map[*pkg]string {
		files, _ := fileKeys(be, pkgs)
		return cacheKeys(be, pkgs, files)
	}
	base := env("tool go1.26 linux amd64")
	a1, b1, c1, d1 := graph()
	k1 := keys(base, a1, b1, c1, d1)
	if k1[a1] == "" || k1[b1] == "" || k1[c1] == "" {
		t.Fatalf("missing keys: a %q, b %q, c %q", k1[a1], k1[b1], k1[c1])
	}
	if k1[d1] != "" {
		t.Errorf("a package with a file that cannot be read has key %q", k1[d1])
	}
	a3, b3, c3, _ := graph()
	if k3 := keys(base, c3, b3, a3); k3[c3] != k1[c1] {
		t.Errorf("the same graph listed in another order has another key")
	}
	for name, k := range map[string]map[*pkg]string{
		"another tool or target": keys(env("other go1.26 linux amd64"), a3, b3, c3),
	} {
		if k[c3] == k1[c1] {
			t.Errorf("%s gives the same key", name)
		}
	}
	file("a.go", "package a // edited\n")
	a2, b2, c2, _ := graph()
	if k2 := keys(base, a2, b2, c2); k2[c2] == k1[c1] || k2[b2] == k1[b1] {
		t.Errorf("the keys of b and c did not change when a, below them, was edited")
	}
	// A file in a folder the go command never writes again is known by
	// its name, size and time, and not read.
	frozen := &buildEnv{id: base.id, goVersion: base.goVersion, immutable: []string{dir + string(filepath.Separator)}}
	a4, _, _, _ := graph()
	files, sums := fileKeys(frozen, []*pkg{a4})
	if files[a4] == "" || len(sums) != 0 {
		t.Errorf("a file in an immutable folder: key %q, read %d files", files[a4], len(sums))
	}
}

func runOn(t *testing.T, dir, cache string, tests bool, patterns ...string) (*Result, Stats) {
	t.Helper()
	var stats Stats
	res, err := Run(Options{
		Analyzer: respbody.NewAnalyzer(),
		ToolID:   "test",
		Patterns: patterns,
		Tests:    tests,
		Dir:      dir,
		Env:      append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
		CacheDir: cache,
		Stats:    &stats,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed {
		t.Fatalf("go list failed:\n%s", res.Output)
	}
	return res, stats
}

// findings lists each package's findings as "ID: file:line: message", the
// file relative to dir.
func findings(dir string, res *Result) []string {
	var out []string
	for _, p := range res.Packages {
		for _, d := range p.Diagnostics {
			posn := strings.TrimPrefix(d.Posn, dir+string(filepath.Separator))
			posn = posn[:strings.LastIndexByte(posn, ':')]
			msg, _, _ := strings.Cut(d.Message, ":")
			out = append(out, p.ID+": "+posn+": "+msg)
		}
		if p.Err != "" {
			out = append(out, p.ID+": error: "+p.Err)
		}
	}
	slices.Sort(out)
	return out
}

func TestRun(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	// use's findings need lib's summaries; unused is imported for a
	// constant, so no summary of it is asked for.
	dir, cache := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes")), t.TempDir()
	res, stats := runOn(t, dir, cache, true, "./use")
	got := findings(dir, res)
	want := []string{
		"example.com/routes/use [example.com/routes/use.test]: use/use.go:17: resp.Body is closed by this deferred call before it is read to EOF on the path that returns at line 18",
		"example.com/routes/use [example.com/routes/use.test]: use/use_test.go:12: resp.Body is not closed on the path that returns at line 17",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The roots are use [use.test] and the external test package. Of their
	// dependencies, only those asked about are analyzed: lib is; unused,
	// and most of the standard library, are not.
	if stats.Roots != 2 || stats.Cached != 0 || len(stats.Sources) >= stats.Packages/4 {
		t.Errorf("first run: %+v; want 2 roots, nothing cached, few packages analyzed", stats)
	}
	for _, id := range []string{"example.com/routes/lib", "example.com/routes/use [example.com/routes/use.test]", "example.com/routes/use_test [example.com/routes/use.test]"} {
		if !slices.Contains(stats.Sources, id) {
			t.Errorf("%s was not analyzed; analyzed: %q", id, stats.Sources)
		}
	}
	for _, id := range []string{"example.com/routes/unused", "example.com/routes/use", "strings", "crypto/tls"} {
		if slices.Contains(stats.Sources, id) {
			t.Errorf("%s was analyzed, though no fact about it was needed", id)
		}
	}

	again, stats2 := runOn(t, dir, cache, true, "./use")
	if g := findings(dir, again); !slices.Equal(g, got) {
		t.Errorf("second run:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(got, "\n"))
	}
	if len(stats2.Sources) != 0 || stats2.Cached != 2 {
		t.Errorf("second run: %+v, want the roots from the cache, and nothing else needed", stats2)
	}

	// An edit below use gives use a new key; the facts of the packages
	// it needs and that did not change come from the cache.
	lib := filepath.Join(dir, "lib", "lib.go")
	src, _ := os.ReadFile(lib)
	src = []byte(strings.Replace(string(src), "{ resp.Body.Close() }", "{\n\tio.Copy(io.Discard, resp.Body)\n\tresp.Body.Close()\n}", 1))
	src = []byte(strings.Replace(string(src), `import "net/http"`, "import (\n\t\"io\"\n\t\"net/http\"\n)", 1))
	if err := os.WriteFile(lib, src, 0o644); err != nil {
		t.Fatal(err)
	}
	edited, stats3 := runOn(t, dir, cache, true, "./use")
	want = want[1:] // lib.Discard drains now
	if g := findings(dir, edited); !slices.Equal(g, want) {
		t.Errorf("after the edit:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	if want := []string{"example.com/routes/lib", "example.com/routes/use [example.com/routes/use.test]", "example.com/routes/use_test [example.com/routes/use.test]"}; !slices.Equal(stats3.Sources, want) {
		t.Errorf("after editing lib: %+v, want lib and the two roots analyzed again, and nothing else", stats3)
	}

	// fetch's leak, and lines' at the positions its //line directives
	// give, as go vet reports them (findings drops the column).
	plain, _ := runOn(t, dir, "", false, "./...")
	want = []string{
		"example.com/routes/fetch: fetch/fetch.go:30: resp.Body is not closed on the path that returns at line 35 (when resp.StatusCode >= 500)",
		"example.com/routes/lines: /proc/self/environ:2: resp.Body is not closed on the path that returns at line 6",
		"example.com/routes/lines: go.mod: resp.Body is not closed on the path that returns at line 6",
		"example.com/routes/lines: lines/generated.y:11: resp.Body is not closed on the path that returns at line 15",
	}
	if g := findings(dir, plain); !slices.Equal(g, want) {
		t.Errorf("without tests or a cache:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

// TestCgo analyzes a package that uses cgo, with tests: its analysis needs
// the files cgo writes, which import more than its own files do, and which
// are marked generated but hold the author's code (the finding is shown,
// with no fix).
func TestCgo(t *testing.T) {
	slow(t)
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	t.Parallel()
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod": "module example.com/c\n\ngo 1.25\n",
		"c.go": `package c

// #include <stdlib.h>
import "C"

import "net/http"

// Status leaks the body.
func Status(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return int(C.abs(-1))
	}
	return resp.StatusCode
}
`,
		"c_test.go": `package c

import "testing"

func TestStatus(t *testing.T) { _ = Status }
`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tests := range []bool{true, false} {
		res, _ := runOn(t, dir, t.TempDir(), tests, "./...")
		got := findings(dir, res)
		if len(got) != 1 || !strings.Contains(got[0], "c.go:10: resp.Body is not closed") {
			t.Errorf("tests %v: findings %q, want the leak in c.go", tests, got)
		}
		for _, p := range res.Packages {
			for _, d := range p.Diagnostics {
				if len(d.SuggestedFixes) > 0 {
					// The analyzer sees the file cgo wrote: its
					// offsets are not c.go's.
					t.Errorf("a fix for %s: %+v", d.Posn, d.SuggestedFixes)
				}
			}
		}
	}
}

func TestUnavailable(t *testing.T) {
	if err := Unavailable([]string{"GOPACKAGESDRIVER=/usr/bin/bazel-driver", "PATH=" + "/nonexistent"}); err == nil {
		t.Error("a GOPACKAGESDRIVER was accepted")
	}
	if err := Unavailable([]string{"GOPACKAGESDRIVER=off"}); err != nil && !strings.Contains(err.Error(), "go command") {
		t.Errorf("GOPACKAGESDRIVER=off: %v", err)
	}
}
