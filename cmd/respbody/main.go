// Command respbody reports HTTP response bodies that are never closed, or
// closed before they were read to EOF.
//
// Usage:
//
//	respbody [-drain=auto|always|never] [-fix] [-diff] [-json] [-test=false] packages...
//	respbody -sarif [-drain=...] [-test=false] packages... > respbody.sarif
//	respbody -version
//
// It also runs under the go command: go vet -vettool=$(which respbody) and
// go fix -fixtool=$(which respbody).
package main

import (
	"fmt"
	"os"

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

// hasFlag reports whether args hold -name or --name (before any package).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "-"+name || a == "--"+name || a == "-"+name+"=true" || a == "--"+name+"=true" {
			return true
		}
		if a == "--" {
			break
		}
	}
	return false
}

// withoutFlag returns args without -name.
func withoutFlag(args []string, name string) []string {
	var out []string
	for _, a := range args {
		if a == "-"+name || a == "--"+name || a == "-"+name+"=true" || a == "--"+name+"=true" {
			continue
		}
		out = append(out, a)
	}
	return out
}
