package main

import (
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
