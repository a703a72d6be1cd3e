package main

import (
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestToolchainProblem checks the one line for code that needs a newer Go
// than respbody's: a module's go line, or the type checker's error on a
// newer standard library.
func TestToolchainProblem(t *testing.T) {
	t.Parallel()
	if !strings.HasPrefix(runtime.Version(), "go1.") {
		t.Skip("a development build of Go")
	}
	newer := []*packages.Package{{Module: &packages.Module{Path: "example.com/m", GoVersion: "1.99"}}}
	if got := toolchainProblem(newer); !strings.Contains(got, "example.com/m's go.mod says go 1.99") || !strings.Contains(got, "GOTOOLCHAIN=go1.99.0 go install ./cmd/respbody (in a checkout of respbody)") {
		t.Errorf("module go 1.99: %q", got)
	}
	stdlib := []*packages.Package{{
		Module: &packages.Module{Path: "example.com/m", GoVersion: "1.20"},
		Imports: map[string]*packages.Package{"math/rand/v2": {
			Errors: []packages.Error{{Msg: "file requires newer Go version go1.99 (application built with go1.26)"}},
		}},
	}}
	if got := toolchainProblem(stdlib); !strings.Contains(got, "the go command's standard library") || !strings.Contains(got, "GOTOOLCHAIN=go1.99.0 ") {
		t.Errorf("newer standard library: %q", got)
	}
	if got := toolchainProblem([]*packages.Package{{Module: &packages.Module{GoVersion: "1.20"}}}); got != "" {
		t.Errorf("module go 1.20: %q, want nothing", got)
	}
}

// TestNewerToolchain runs respbody on a module that needs the next Go,
// where a toolchain for it is at hand (the module cache has one, or
// GOTOOLCHAIN can fetch it): one line says what to do, not a page of type
// errors.
func TestNewerToolchain(t *testing.T) {
	t.Parallel()
	next := nextToolchain(t)
	bin := filepath.Join(t.TempDir(), "respbody")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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
