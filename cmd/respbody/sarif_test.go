package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSARIFIdentity runs respbody -sarif on a module, inserts lines above
// its findings and runs it again: each finding moves down by as many lines,
// with the same rule, help link and fingerprint (code scanning's
// partialFingerprints), and the run has no automationDetails, which
// upload-sarif's category fills in.
func TestSARIFIdentity(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	type finding struct{ rule, uri, helpURI, fingerprint string }
	findings := func() map[float64]finding {
		code, log, stderr := sarifRun(t, bin, dir, "./...")
		if code != 0 {
			t.Fatalf("respbody -sarif: exit %d\n%s", code, stderr)
		}
		runs := log["runs"].([]any)
		if len(runs) != 1 {
			t.Fatalf("%d runs, want 1", len(runs))
		}
		run := runs[0].(map[string]any)
		if ad, ok := run["automationDetails"]; ok {
			t.Errorf("automationDetails %v: upload-sarif's category would not apply", ad)
		}
		help := map[string]string{}
		for _, r := range run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any) {
			r := r.(map[string]any)
			help[r["id"].(string)], _ = r["helpUri"].(string)
		}
		out := map[float64]finding{}
		for _, r := range run["results"].([]any) {
			r := r.(map[string]any)
			pl := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			fp, _ := r["partialFingerprints"].(map[string]any)["respbody/v1"].(string)
			rule := r["ruleId"].(string)
			out[pl["region"].(map[string]any)["startLine"].(float64)] = finding{rule, pl["artifactLocation"].(map[string]any)["uri"].(string), help[rule], fp}
		}
		return out
	}
	before := findings()
	if len(before) != 2 {
		t.Fatalf("%d results, want testdata/mod's two", len(before))
	}
	name := filepath.Join(dir, "leaky.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	const moved = 4
	text := strings.Replace(string(src), "\n// Status", "\n"+strings.Repeat("// moved\n", moved)+"// Status", 1)
	if text == string(src) {
		t.Fatal("testdata/mod/leaky.go has no // Status comment to insert lines above")
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	after := findings()
	for line, f := range before {
		g, ok := after[line+moved]
		if f.fingerprint == "" || f.helpURI != "https://github.com/respbody/respbody#what-it-reports" {
			t.Errorf("line %v: %+v: want a fingerprint and the README's help link", line, f)
		}
		if !ok || g != f {
			t.Errorf("line %v: %+v; %d lines down after inserting lines above it: %+v (ok %v)", line, f, moved, g, ok)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d results after the move, %d before", len(after), len(before))
	}
}
