// Command respbody reports HTTP response bodies that are never closed, or
// closed before they were read to EOF.
//
// Usage:
//
//	respbody [-drain=auto|always|never] [-fix] [-diff] [-json] packages...
//
// It also runs under the go command: go vet -vettool=$(which respbody) and
// go fix -fixtool=$(which respbody).
package main

import (
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(respbody.Analyzer) }
