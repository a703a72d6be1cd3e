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
// go fix ask for -V=full and -flags, then pass a .cfg file.
func underGoCommand(args []string) bool {
	for _, a := range args {
		switch strings.TrimPrefix(a, "-") {
		case "-V=full", "V=full", "-flags", "flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
