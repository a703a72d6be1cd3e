package main

import (
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"

	"golang.org/x/tools/go/packages"
)

// respbody type-checks the code it analyzes, and the standard library under
// it, with the go/types of the Go it was built with. Code for a newer Go
// (a module whose go line is newer, or the newer standard library of the
// go command that lists the packages) fails to type-check by the page; the
// remedy is one line.

// installCmd is how to install respbody: from a checkout, as its module
// path (github.com/respbody/respbody) is not published yet.
const installCmd = "go install ./cmd/respbody (in a checkout of respbody)"

// newerGo matches the type checker's error for code newer than itself.
var newerGo = regexp.MustCompile(`requires newer Go version (go[0-9.a-z]+) \(application built with`)

// toolchainProblem returns one line that says what to do when the packages
// need a newer Go than respbody was built with, or "" when they do not.
func toolchainProblem(pkgs []*packages.Package) string {
	built := runtime.Version()
	if !version.IsValid(built) {
		return "" // a development build: no way to compare
	}
	for _, p := range pkgs {
		if p.Module == nil || p.Module.GoVersion == "" {
			continue
		}
		if msg := newerModuleGo(p.Module.Path+"'s go.mod", p.Module.GoVersion); msg != "" {
			return msg
		}
	}
	var newer string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if m := newerGo.FindStringSubmatch(e.Msg); m != nil && newer == "" {
				newer = m[1]
			}
		}
	})
	if newer == "" {
		return ""
	}
	goCmd := goCommandVersion()
	if !version.IsValid(goCmd) || version.Compare(goCmd, built) <= 0 {
		goCmd = toolchainName(newer)
	}
	return fmt.Sprintf("the go command's standard library (%s) is newer than the Go respbody was built with (%s), whose type checker cannot read it: install respbody with that Go: GOTOOLCHAIN=%s %s",
		goCmd, built, goCmd, installCmd)
}

// newerModuleGo returns the one line to print when a go.mod (named by
// where) says go goVersion, newer than the Go respbody was built with, or
// "" when it is not newer or there is no telling.
func newerModuleGo(where, goVersion string) string {
	built, need := runtime.Version(), "go"+goVersion
	if !version.IsValid(built) || !version.IsValid(need) || version.Compare(need, built) <= 0 {
		return ""
	}
	return fmt.Sprintf("%s says go %s, newer than the Go respbody was built with (%s), whose type checker cannot read it: install respbody with that Go: GOTOOLCHAIN=%s %s",
		where, goVersion, built, toolchainName(need), installCmd)
}

// toolchainName is the name of the toolchain for a Go version: go1.27
// becomes go1.27.0, the first release of that language version.
func toolchainName(v string) string {
	if strings.Count(v, ".") == 1 && version.Lang(v) == v {
		return v + ".0"
	}
	return v
}

// goCommandVersion is the version of the go command on PATH (after any
// toolchain switch), or "".
func goCommandVersion() string {
	env, problem := toolEnv()
	if problem != "" {
		return ""
	}
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Env = env.Vars
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// goLine matches a go.mod's go directive.
var goLine = regexp.MustCompile(`(?m)^go\s+([0-9][0-9.a-z]*)\s*(?://.*)?$`)

// moduleToolchainProblem says what to do when the main module (its go.mod
// is gomod, as go env says) needs a newer Go than respbody was built with
// (its type checker would fail on every file), or "" when it does not or
// cannot tell.
func moduleToolchainProblem(gomod string) string {
	if gomod == "" || gomod == os.DevNull {
		return ""
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	m := goLine.FindSubmatch(data)
	if m == nil {
		return ""
	}
	return newerModuleGo(gomod, string(m[1]))
}
