package respbody_test

import (
	"path/filepath"
	"testing"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/analysistest"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRules runs each rule's testdata package: every line with a // want
// comment must be reported, and no other line.
func TestRules(t *testing.T) {
	t.Setenv("RESPBODY_DEBUG", "1") // internal errors panic instead of hiding
	for _, pkg := range []string{
		"basic", "sources", "errpaths", "handoff", "closing", "drain",
		"loops", "noreturn", "helpers",
	} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, testdata(t), respbody.Analyzer, pkg)
		})
	}
}
