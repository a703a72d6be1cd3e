// Command respbody reports HTTP response bodies that are never closed, or
// closed before they were read to EOF.
//
// Usage:
//
//	respbody [-drain=auto|always|never] [-strict] [-fix] [-diff] [-json] [-test=false] packages...
//	respbody -sarif [-drain=...] [-test=false] packages... > respbody.sarif
//	respbody -version
//
// It also runs under the go command: go vet -vettool=$(which respbody) and
// go fix -fixtool=$(which respbody).
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	args := os.Args[1:]
	switch {
	case hasFlag(args, "version"):
		fmt.Println(versionString())
		return
	case hasFlag(args, "sarif"):
		os.Exit(runSARIF(withoutFlag(args, "sarif")))
	}
	singlechecker.Main(respbody.Analyzer)
}

// hasFlag reports whether args hold the boolean flag -name (before any
// "--").
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		if isFlag(a, name) {
			return true
		}
	}
	return false
}

// withoutFlag returns args without the boolean flag -name.
func withoutFlag(args []string, name string) []string {
	var out []string
	for _, a := range args {
		if !isFlag(a, name) {
			out = append(out, a)
		}
	}
	return out
}

// isFlag reports whether arg sets the boolean flag name: -name, --name,
// -name=true or --name=true.
func isFlag(arg, name string) bool {
	if !strings.HasPrefix(arg, "-") {
		return false // a package pattern, not a flag
	}
	arg = strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	return arg == name || arg == name+"=true"
}
