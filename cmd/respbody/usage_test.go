package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/respbody/respbody/passes/respbody"
)

// readmeUsage is the README's Usage section as -h's text makes it: the
// usage line, the flag table and the exit codes.
func readmeUsage() string {
	fs := newFlagSet(&options{analyzer: respbody.NewAnalyzer()})
	var b strings.Builder
	fmt.Fprintf(&b, "```\n%s\n```\n\n| flag | meaning |\n| --- | --- |\n", usageLine)
	for _, d := range flagDocs {
		fmt.Fprintf(&b, "| `%s` | %s |\n", strings.ReplaceAll(d.syntax, "|", `\|`), flagUsage(fs, d))
	}
	fmt.Fprintf(&b, "\n%s\n", exitCodes)
	return b.String()
}

// TestReadmeUsage checks that the README's usage line, flag table and exit
// codes are -h's.
func TestReadmeUsage(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := readmeUsage(); !strings.Contains(string(data), want) {
		t.Errorf("README's Usage section differs from respbody -h; it should read:\n\n%s", want)
	}
}

// TestEveryFlagDocumented checks that -h lists every flag of the
// analyzer, and that every listed flag exists.
func TestEveryFlagDocumented(t *testing.T) {
	t.Parallel()
	listed := make(map[string]bool)
	for _, d := range flagDocs {
		listed[d.name] = true
		if !strings.HasPrefix(d.syntax, "-"+d.name) {
			t.Errorf("flag %s shown as %s", d.name, d.syntax)
		}
	}
	respbody.NewAnalyzer().Flags.VisitAll(func(f *flag.Flag) {
		if !listed[f.Name] {
			t.Errorf("analyzer flag -%s is not in flagDocs (nor -h, nor the README)", f.Name)
		}
	})
	var b strings.Builder
	printUsage(&b, newFlagSet(&options{analyzer: respbody.NewAnalyzer()}))
	for _, d := range flagDocs {
		if !strings.Contains(b.String(), "  "+d.syntax+"\n") {
			t.Errorf("-h does not list %s", d.syntax)
		}
	}
}
