package listroute

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/respbody/respbody/internal/testmod"
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
)

// The cache tests edit testdata/routes's lib so that use's findings change:
// lib.Discard closes the body unread (use.go:17 is reported); drained, it
// reads the body first (use.go:17 is not).

const (
	libUndrained = "{ resp.Body.Close() }"
	// libQuiet has libUndrained's length: Discard then neither reads nor
	// closes, and use's deferred call hands the body to a helper that
	// does nothing with it.
	libQuiet = "{ _ = resp.Body     }"
)

// undrainedUse is the finding that lib.Discard's unread close gives use.
const undrainedUse = "use/use.go:17: resp.Body is closed by this deferred call before it is read to EOF"

// hasFinding reports whether one of the findings starts with prefix after
// the package ID.
func hasFinding(got []string, prefix string) bool {
	return slices.ContainsFunc(got, func(s string) bool {
		_, f, _ := strings.Cut(s, ": ")
		return strings.HasPrefix(f, prefix)
	})
}

// TestCacheEditDuringRun edits lib while a run is going, after the run
// has computed its keys and before it parses lib: the run must not store
// what it found in the new content under the old content's key. The edit
// is made by a go command on PATH that swaps the file when it is asked
// for export data, and then undone; the next run must report what the
// original content gives.
func TestCacheEditDuringRun(t *testing.T) {
	slow(t)
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir, cache := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes")), t.TempDir()
	lib := filepath.Join(dir, "lib", "lib.go")
	orig, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "lib.go")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(orig), libUndrained, libQuiet, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	wrapper := "#!/bin/sh\ncase \" $* \" in *\" -export \"*) cp '" + edited + "' '" + lib + "';; esac\nexec '" + goCmd + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	// Old enough that no rule about recent writes applies.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(lib, old, old); err != nil {
		t.Fatal(err)
	}

	during, _ := runOn(t, dir, cache, false, "./use")
	if hasFinding(findings(dir, during), undrainedUse) {
		t.Fatalf("the go wrapper did not swap lib.go before it was parsed: %q", findings(dir, during))
	}

	// The edit is undone, and the wrapper gone.
	if err := os.WriteFile(lib, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(lib, old, old); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", strings.TrimPrefix(os.Getenv("PATH"), bin+string(os.PathListSeparator)))
	after, _ := runOn(t, dir, cache, false, "./use")
	if got := findings(dir, after); !hasFinding(got, undrainedUse) {
		t.Errorf("after the edit was undone: %q, want the finding of the original lib.go (the run during the edit stored its findings under the original content's key)", got)
	}
	fresh, _ := runOn(t, dir, "", false, "./use")
	if got, want := findings(dir, after), findings(dir, fresh); !slices.Equal(got, want) {
		t.Errorf("with the cache: %q; without: %q", got, want)
	}
}

// TestCacheSameSizeEdit edits lib to content of the same length and
// restores its modification time, as reproducible builds and caches of
// checkouts do: the next run must see the edit.
func TestCacheSameSizeEdit(t *testing.T) {
	slow(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	dir, cache := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes")), t.TempDir()
	lib := filepath.Join(dir, "lib", "lib.go")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(lib, old, old); err != nil {
		t.Fatal(err)
	}
	first, _ := runOn(t, dir, cache, false, "./use")
	if !hasFinding(findings(dir, first), undrainedUse) {
		t.Fatalf("first run: %q, want %q", findings(dir, first), undrainedUse)
	}
	src, _ := os.ReadFile(lib)
	edited := strings.Replace(string(src), libUndrained, libQuiet, 1)
	if len(edited) != len(src) || edited == string(src) {
		t.Fatal("the edit does not keep the size")
	}
	if err := os.WriteFile(lib, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(lib, old, old); err != nil {
		t.Fatal(err)
	}
	second, _ := runOn(t, dir, cache, false, "./use")
	fresh, _ := runOn(t, dir, "", false, "./use")
	if got, want := findings(dir, second), findings(dir, fresh); !slices.Equal(got, want) || hasFinding(got, undrainedUse) {
		t.Errorf("after a same-size edit with the old modification time: %q; without a cache: %q", got, want)
	}
}

// TestCacheGoLine changes the module's go line: the language version, and
// whether Go 1.27's drain on Close applies (-drain=auto), depend on it, so
// every key of the module's packages must change.
func TestCacheGoLine(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	keysOf := func() map[string]string {
		t.Helper()
		opts := &Options{
			Analyzer: analyzer(), ToolID: "test", Patterns: []string{"./use"}, Dir: dir,
			Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"), CacheDir: t.TempDir(),
		}
		pkgs, out, failed, err := list(opts, false)
		if err != nil || failed {
			t.Fatalf("go list: %v %s", err, out)
		}
		d, err := newDriver(opts, pkgs)
		if err != nil {
			t.Fatal(err)
		}
		keys := make(map[string]string)
		for p, k := range d.keys {
			keys[p.ID] = k
		}
		return keys
	}
	before := keysOf()
	gomod := filepath.Join(dir, "go.mod")
	src, _ := os.ReadFile(gomod)
	if err := os.WriteFile(gomod, []byte(strings.Replace(string(src), "go 1.25", "go 1.24", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	after := keysOf()
	for _, id := range []string{"example.com/routes/lib", "example.com/routes/use"} {
		if before[id] == "" || before[id] == after[id] {
			t.Errorf("%s: key %q before the go line changed, %q after", id, before[id], after[id])
		}
	}
	if before["net/http"] == "" || before["net/http"] != after["net/http"] {
		t.Errorf("net/http: key %q before, %q after: the standard library is not in the module", before["net/http"], after["net/http"])
	}
}

// TestCacheBuildEnv changes what the go command builds with but the
// package lists may not show: the keys must change.
func TestCacheBuildEnv(t *testing.T) {
	slow(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	dir := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
	keyOf := func(buildFlags []string, env ...string) string {
		t.Helper()
		opts := &Options{
			Analyzer: analyzer(), ToolID: "test", Patterns: []string{"./use"}, Dir: dir, BuildFlags: buildFlags,
			Env: append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"), env...), CacheDir: t.TempDir(),
		}
		pkgs, out, failed, err := list(opts, false)
		if err != nil || failed {
			t.Fatalf("go list: %v %s", err, out)
		}
		d, err := newDriver(opts, pkgs)
		if err != nil {
			t.Fatal(err)
		}
		for p, k := range d.keys {
			if p.ID == "example.com/routes/use" {
				return k
			}
		}
		t.Fatal("use is not listed")
		return ""
	}
	base := keyOf(nil)
	for name, k := range map[string]string{
		"CGO_ENABLED=0":          keyOf(nil, "CGO_ENABLED=0"),
		"GOEXPERIMENT":           keyOf(nil, "GOEXPERIMENT=jsonv2"),
		"GOFLAGS=-tags=x":        keyOf(nil, "GOFLAGS=-mod=mod -tags=x"),
		"-tags=x on the command": keyOf([]string{"-tags=x"}),
	} {
		if k == base {
			t.Errorf("%s gives the same key as the default build", name)
		}
	}
	if again := keyOf(nil); again != base {
		t.Errorf("the same build gives another key")
	}
}

func analyzer() *analysis.Analyzer { return respbody.NewAnalyzer() }

// TestCacheDamaged runs with a cache whose entries are garbage, and with a
// cache folder that is a file: the findings are those of a run without a
// cache, and a cache that cannot be written is named once on the log.
func TestCacheDamaged(t *testing.T) {
	slow(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	dir, cache := testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes")), t.TempDir()
	want, _ := runOn(t, dir, "", true, "./use")
	runOn(t, dir, cache, true, "./use")
	entries := 0
	filepath.WalkDir(cache, func(path string, de os.DirEntry, err error) error {
		if err == nil && de.Type().IsRegular() && filepath.Base(filepath.Dir(path)) != filepath.Base(cache) {
			entries++
			os.WriteFile(path, []byte("not an entry"), 0o644)
		}
		return nil
	})
	if entries == 0 {
		t.Fatal("the first run stored nothing")
	}
	got, stats := runOn(t, dir, cache, true, "./use")
	if !slices.Equal(findings(dir, got), findings(dir, want)) {
		t.Errorf("with damaged entries: %q, want %q", findings(dir, got), findings(dir, want))
	}
	if stats.Cached != 0 {
		t.Errorf("%d damaged entries were used", stats.Cached)
	}
	if _, stats := runOn(t, dir, cache, true, "./use"); stats.Cached != 2 {
		t.Errorf("the damaged entries were not written anew: %+v", stats)
	}

	notDir := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	res, err := Run(Options{
		Analyzer: analyzer(), ToolID: "test", Patterns: []string{"./use"}, Tests: true, Dir: dir,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"), CacheDir: notDir, Log: &log,
	})
	if err != nil || res.Failed {
		t.Fatalf("with a file for a cache: %v %s", err, res.Output)
	}
	if !slices.Equal(findings(dir, res), findings(dir, want)) {
		t.Errorf("with a file for a cache: %q, want %q", findings(dir, res), findings(dir, want))
	}
	if n := strings.Count(log.String(), "cannot be written"); n != 1 || !strings.Contains(log.String(), notDir) {
		t.Errorf("log: %q, want one line naming the cache", log.String())
	}
}

func TestDefaultCacheDir(t *testing.T) {
	for _, c := range []struct {
		cache, debug string
		want         string
		err          bool
	}{
		{cache: "off", want: ""},
		{cache: "/abs/cache", want: "/abs/cache"},
		{cache: "rel/cache", err: true},
		{cache: "/abs/cache", debug: "1", want: ""},
	} {
		t.Setenv("RESPBODY_CACHE", c.cache)
		t.Setenv("RESPBODY_DEBUG", c.debug)
		got, err := DefaultCacheDir()
		if got != c.want || (err != nil) != c.err {
			t.Errorf("RESPBODY_CACHE=%q RESPBODY_DEBUG=%q: %q, %v; want %q, error %v", c.cache, c.debug, got, err, c.want, c.err)
		}
	}
}
