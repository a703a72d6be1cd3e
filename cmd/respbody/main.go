// Command respbody reports HTTP response bodies that are never closed, or
// closed before they were read to EOF.
//
// Usage:
//
//	respbody [flags] packages...
//
// respbody -h lists the flags and the exit codes. The same binary runs under
// the go command: go vet -vettool=$(which respbody) and go fix
// -fixtool=$(which respbody).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	args := os.Args[1:]
	if os.Getenv(fixerEnv) != "" || underGoCommand(args) {
		// go vet and go fix speak x/tools' protocol; fix.go runs the
		// command this way to apply fixes.
		logCall(args)
		singlechecker.Main(respbody.Analyzer)
		return
	}
	o, err := parseFlags(args, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		os.Exit(2)
	}
	switch {
	case o.version:
		fmt.Println(versionString())
	case o.sarif:
		os.Exit(runSARIF(o))
	case o.json:
		os.Exit(runJSON(o))
	case o.diff:
		os.Exit(runDiff(o))
	case o.fix:
		os.Exit(runFix(o))
	default:
		os.Exit(runText(o))
	}
}

// callLogEnv names a file to which the command appends its arguments when
// the go command runs it, one call a line: the tests use it to see what
// go vet ran again and what it took from its cache.
const callLogEnv = "RESPBODY_CALL_LOG"

// logCall appends args to the file $RESPBODY_CALL_LOG names, if any.
func logCall(args []string) {
	name := os.Getenv(callLogEnv)
	if name == "" {
		return
	}
	if f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintln(f, strings.Join(args, " "))
		f.Close()
	}
}

// underGoCommand reports whether the go command runs respbody: go vet and
// go fix ask for -V=full and -flags, then pass the tool's flags and a vet
// config file. A last argument that merely ends in .cfg is a package
// pattern (a directory may be named so).
func underGoCommand(args []string) bool {
	for _, a := range args {
		switch strings.TrimPrefix(a, "-") {
		case "-V=full", "V=full", "-flags", "flags":
			return true
		}
	}
	return len(args) > 0 && isVetConfig(args[len(args)-1])
}

// isVetConfig reports whether name is a vet config file, as the go command
// writes one for each package it vets: a file named *.cfg that holds a
// JSON object with the package's ID, compiler and import path.
func isVetConfig(name string) bool {
	if !strings.HasSuffix(name, ".cfg") {
		return false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return false
	}
	var cfg struct{ ID, Compiler, ImportPath string }
	return json.Unmarshal(data, &cfg) == nil && cfg.ID != "" && cfg.Compiler != "" && cfg.ImportPath != ""
}
