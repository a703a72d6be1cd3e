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

func TestBasic(t *testing.T) {
	t.Setenv("RESPBODY_DEBUG", "1")
	analysistest.Run(t, testdata(t), respbody.Analyzer, "basic")
}
