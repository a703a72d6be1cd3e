package main_test

import (
	"encoding/json"
	"errors"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The rough edges of the command's routes: patterns that look like a vet
// config, patterns that match nothing, no go command, and GOFLAGS that
// the go command's own output depends on.

// leakSrc is a package with one leak.
const leakSrc = `package conf

import "net/http"

func Status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`

// writeFile writes src to dir/name, making the folders it needs.
func writeFile(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCfgPattern checks that a package pattern ending in .cfg (a package
// directory named so) is analyzed as a package rather than read as go
// vet's config file. main.go tells them apart before it picks a route, so
// the default route is enough.
func TestCfgPattern(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	writeFile(t, dir, "conf.cfg/conf.go", leakSrc)
	out, code := run(t, dir, bin, "./conf.cfg")
	if code != 3 || !strings.Contains(out, "conf.cfg/conf.go:6:15: resp.Body is not closed") {
		t.Errorf("respbody ./conf.cfg: exit %d, want 3 and the leak in conf.cfg/conf.go:\n%s", code, out)
	}
}

// runEnv is run with more environment variables (later ones win).
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(testEnv(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errOut.String(), code
}

// routes are the command's routes, by their flags.
var routes = [][]string{nil, {"-inprocess"}}

// TestNoPackages checks that patterns that match no package (an empty
// module) say so, as the go command says it, on every route, and exit 1 as
// go vet does, without a word about a problem go list did not report.
func TestNoPackages(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/empty\n\ngo 1.25\n")
	for _, route := range routes {
		for _, format := range [][]string{nil, {"-json"}, {"-sarif"}} {
			args := append(append(slices.Clone(route), format...), "./...")
			_, stderr, code := runEnv(t, dir, nil, bin, args...)
			if code != 1 || !strings.Contains(stderr, "respbody: ./... matched no packages\n") || strings.Contains(stderr, "problem") || strings.Contains(stderr, "instead") {
				t.Errorf("respbody %s in an empty module: exit %d, want 1 and only that ./... matched no packages:\n%s", strings.Join(args, " "), code, stderr)
			}
		}
	}
}

// TestNoGoCommand checks that without a go command in PATH every route
// says so in one line, with what to do, and exits 1.
func TestNoGoCommand(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	env := []string{"PATH=" + t.TempDir(), "GOPACKAGESDRIVER="}
	for _, args := range append(slices.Clone(routes), []string{"-json"}, []string{"-sarif"}, []string{"-fix"}, []string{"-diff"}, []string{"-c=1"}) {
		args = append(slices.Clone(args), "./...")
		_, stderr, code := runEnv(t, dir, env, bin, args...)
		want := "respbody: no go command in PATH, which respbody needs to list the packages; add the bin directory of Go 1.25 or later to PATH\n"
		if code != 1 || stderr != want {
			t.Errorf("respbody %s without go in PATH: exit %d, want 1 and one line, %q; got:\n%s", strings.Join(args, " "), code, want, stderr)
		}
	}
	if stdout, stderr, code := runEnv(t, dir, env, bin, "-version"); code != 0 || !strings.HasPrefix(stdout, "respbody ") {
		t.Errorf("respbody -version without go in PATH: exit %d:\n%s%s", code, stdout, stderr)
	}
	// A build system's driver lists the packages without go.
	driver := filepath.Join(t.TempDir(), "driver")
	writeFile(t, filepath.Dir(driver), filepath.Base(driver), "#!/bin/sh\necho the driver ran >&2\nexit 1\n")
	if err := os.Chmod(driver, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runEnv(t, dir, append(env, "GOPACKAGESDRIVER="+driver), bin, "./..."); code != 1 || !strings.Contains(stderr, "the driver ran") || strings.Contains(stderr, "no go command") {
		t.Errorf("respbody ./... without go in PATH, with GOPACKAGESDRIVER: exit %d, want 1 from the driver:\n%s", code, stderr)
	}
}

// TestGOFLAGSOutputFlags checks that a GOFLAGS with flags that change what
// the go command prints (-json, -x), in the environment or in the go env
// file, leaves every route working and its findings the same.
func TestGOFLAGSOutputFlags(t *testing.T) {
	t.Parallel()
	bin := build(t)
	envFile := filepath.Join(t.TempDir(), "goenv")
	writeFile(t, filepath.Dir(envFile), filepath.Base(envFile), "GOFLAGS=-mod=mod -json\n")
	jsonFlag := []string{"GOFLAGS=-mod=mod -json"}
	for _, tc := range []struct {
		env   []string
		flags [][]string
	}{
		// -c and -diff load the packages as -inprocess does; the
		// fixer of -fix and -diff runs with GOFLAGS=-json in
		// TestFixLeavesFindings.
		{jsonFlag, append(slices.Clone(routes), []string{"-json"})},
		{[]string{"GOFLAGS=-json -mod=mod -x"}, [][]string{nil}},
		// Every route takes the GOFLAGS internal/goenv makes, whose
		// tests read the go env file with each route's flags.
		{[]string{"GOFLAGS=", "GOENV=" + envFile}, [][]string{nil}},
	} {
		env := tc.env
		for _, args := range tc.flags {
			if testing.Short() && slices.Contains(args, "-inprocess") {
				continue // slow
			}
			dir := module(t)
			args = append(slices.Clone(args), "./...")
			stdout, stderr, code := runEnv(t, dir, env, bin, args...)
			switch {
			case slices.Contains(args, "-json"):
				var tree map[string]any
				if code != 0 || json.Unmarshal([]byte(stdout), &tree) != nil || !strings.Contains(stdout, `"category": "unclosed"`) {
					t.Errorf("%s respbody %s: exit %d, want 0 and the findings as JSON:\n%s%s", env, strings.Join(args, " "), code, stdout, stderr)
				}
			default:
				if code != 3 || !strings.Contains(stderr, "leaky.go:13:15: "+unclosedMsg) || !strings.Contains(stderr, undrainedMsg) {
					t.Errorf("%s respbody %s: exit %d, want 3 and both findings:\n%s", env, strings.Join(args, " "), code, stderr)
				}
			}
		}
	}
}

// TestNewerToolchain runs respbody on a module that needs the next Go,
// where a toolchain for it is at hand (the module cache has one, or
// GOTOOLCHAIN can fetch it): one line says what to do, not a page of type
// errors.
func TestNewerToolchain(t *testing.T) {
	t.Parallel()
	next := nextToolchain(t)
	bin := build(t)
	dir := t.TempDir()
	gomod := "module example.com/newer\n\ngo " + strings.TrimPrefix(next, "go") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n\nimport _ \"net/http\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=auto", "GOFLAGS=-mod=mod", "GOWORK=off")
	out, _ := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "GOTOOLCHAIN="+next+" go install") {
		t.Fatalf("want one line that says to install respbody with %s, got:\n%s", next, out)
	}
}

// nextToolchain returns a Go toolchain newer than respbody's that the go
// command can run without the network, or skips the test.
func nextToolchain(t *testing.T) string {
	t.Helper()
	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skip(err)
	}
	matches, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(gomodcache)), "golang.org", "toolchain@v0.0.1-go*."+runtime.GOOS+"-"+runtime.GOARCH))
	for _, m := range matches {
		v := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "toolchain@v0.0.1-"), "."+runtime.GOOS+"-"+runtime.GOARCH)
		if version.IsValid(v) && version.Compare(runtime.Version(), v) < 0 {
			return v
		}
	}
	t.Skip("no newer Go toolchain in the module cache")
	return ""
}
