package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	unclosedMsg  = "resp.Body is not closed on the path that returns at line 18"
	undrainedMsg = "resp.Body is closed before it is read to EOF"
)

// build compiles respbody into a temporary folder.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "respbody")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// module copies testdata/mod (a module with one leak and one undrained
// close) into a temporary folder.
func module(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "leaky.go"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "mod", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

func TestStandalone(t *testing.T) {
	bin, dir := build(t), module(t)
	out, code := run(t, dir, bin, "./...")
	if code != 3 || !strings.Contains(out, unclosedMsg) || !strings.Contains(out, undrainedMsg) {
		t.Fatalf("respbody ./...: exit %d, want 3 and both findings:\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-drain=never", "./...")
	if code != 3 || strings.Contains(out, undrainedMsg) {
		t.Fatalf("respbody -drain=never: exit %d, want 3 and no undrained finding:\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "-json", "./..."); code != 0 || !strings.Contains(out, `"category": "unclosed"`) {
		t.Fatalf("respbody -json: exit %d, want 0 and JSON:\n%s", code, out)
	}
}

func TestGoVet(t *testing.T) {
	bin, dir := build(t), module(t)
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if code == 0 || !strings.Contains(out, "leaky.go:13:15: "+unclosedMsg) || !strings.Contains(out, undrainedMsg) {
		t.Fatalf("go vet -vettool: exit %d, want failure with both findings:\n%s", code, out)
	}
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "-drain=never", "./...")
	if code == 0 || !strings.Contains(out, unclosedMsg) || strings.Contains(out, undrainedMsg) {
		t.Fatalf("go vet -vettool -drain=never: exit %d, want only the unclosed finding:\n%s", code, out)
	}
}

func TestGoFix(t *testing.T) {
	bin, dir := build(t), module(t)
	out, code := run(t, dir, "go", "fix", "-fixtool="+bin, "-diff", "./...")
	if !strings.Contains(out, "+\t\t_, _ = io.CopyN(io.Discard, body, 256<<10)") || !strings.Contains(out, "-\tresp.Body.Close()") || !strings.Contains(out, "+\t\"io\"") {
		t.Fatalf("go fix -diff: exit %d, want the deferred drain-and-close in place of the close, and the io import, in the diff:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "fix", "-fixtool="+bin, "./..."); code != 0 {
		t.Fatalf("go fix: exit %d:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("go build after go fix: exit %d:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./..."); code != 0 {
		t.Fatalf("go vet after go fix: exit %d, want clean:\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 0 {
		t.Fatalf("respbody after go fix: exit %d, want 0:\n%s", code, out)
	}
}

func TestFixFlag(t *testing.T) {
	bin, dir := build(t), module(t)
	if out, code := run(t, dir, bin, "-fix", "./..."); code != 0 {
		t.Fatalf("respbody -fix: exit %d:\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 0 {
		t.Fatalf("respbody after -fix: exit %d, want 0:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	bin := build(t)
	out, code := run(t, ".", bin, "-version")
	if code != 0 || !strings.HasPrefix(out, "respbody ") || !strings.Contains(out, "x/tools v0.49.0") {
		t.Fatalf("respbody -version: exit %d: %q", code, out)
	}
	// go vet asks -V=full for its cache key.
	if out, code := run(t, ".", bin, "-V=full"); code != 0 || !strings.Contains(out, "buildID=") {
		t.Fatalf("respbody -V=full: exit %d: %q", code, out)
	}
}

// TestSARIF checks the -sarif log against the properties that the SARIF
// 2.1.0 schema requires, and its content.
func TestSARIF(t *testing.T) {
	bin, dir := build(t), module(t)
	cmd := exec.Command(bin, "-sarif", "./...")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("respbody -sarif: %v\n%s", err, stderr.String())
	}
	var log map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout.String())
	}
	checkSARIF(t, log)

	run := log["runs"].([]any)[0].(map[string]any)
	results := run["results"].([]any)
	rules := map[string]bool{}
	for _, r := range results {
		r := r.(map[string]any)
		rules[r["ruleId"].(string)] = true
		loc := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		if uri := loc["artifactLocation"].(map[string]any)["uri"]; uri != "leaky.go" {
			t.Errorf("artifact uri = %v, want leaky.go (relative to the run directory)", uri)
		}
	}
	if len(results) != 2 || !rules["unclosed"] || !rules["undrained"] {
		t.Fatalf("want one unclosed and one undrained result, got %d: %v", len(results), rules)
	}
	fixes := 0
	for _, r := range results {
		if f, ok := r.(map[string]any)["fixes"].([]any); ok {
			fixes += len(f)
		}
	}
	// One fix covers both: the deferred drain-and-close takes the place of
	// the unread close.
	if fixes != 1 {
		t.Errorf("want 1 fix in the log, got %d", fixes)
	}
}

// checkSARIF verifies the required properties of SARIF 2.1.0 (sarifLog,
// run, tool, toolComponent, reportingDescriptor, result, message,
// location, physicalLocation, artifactLocation, region, fix,
// artifactChange, replacement).
func checkSARIF(t *testing.T, log map[string]any) {
	t.Helper()
	req := func(obj any, what string, keys ...string) map[string]any {
		t.Helper()
		m, ok := obj.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object: %v", what, obj)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Fatalf("%s lacks required %q", what, k)
			}
		}
		return m
	}
	arr := func(obj any, what string) []any {
		t.Helper()
		a, ok := obj.([]any)
		if !ok {
			t.Fatalf("%s is not an array: %v", what, obj)
		}
		return a
	}
	req(log, "sarifLog", "version", "runs")
	if log["version"] != "2.1.0" {
		t.Fatalf("version = %v", log["version"])
	}
	for _, r := range arr(log["runs"], "runs") {
		run := req(r, "run", "tool")
		driver := req(req(run["tool"], "tool", "driver")["driver"], "toolComponent", "name")
		for _, rule := range arr(driver["rules"], "rules") {
			rd := req(rule, "reportingDescriptor", "id")
			req(rd["shortDescription"], "shortDescription", "text")
			req(rd["help"], "help", "text")
		}
		for _, res := range arr(run["results"], "results") {
			result := req(res, "result", "message", "ruleId")
			req(result["message"], "message", "text")
			locs := append(arr(result["locations"], "locations"), func() []any {
				if rl, ok := result["relatedLocations"]; ok {
					return arr(rl, "relatedLocations")
				}
				return nil
			}()...)
			for _, l := range locs {
				pl := req(req(l, "location", "physicalLocation")["physicalLocation"], "physicalLocation", "artifactLocation")
				req(pl["artifactLocation"], "artifactLocation", "uri")
				region := req(pl["region"], "region", "startLine")
				if region["startLine"].(float64) < 1 {
					t.Fatalf("startLine < 1: %v", region)
				}
			}
			if fs, ok := result["fixes"]; ok {
				for _, f := range arr(fs, "fixes") {
					fix := req(f, "fix", "artifactChanges")
					for _, c := range arr(fix["artifactChanges"], "artifactChanges") {
						ch := req(c, "artifactChange", "artifactLocation", "replacements")
						for _, rp := range arr(ch["replacements"], "replacements") {
							req(req(rp, "replacement", "deletedRegion")["deletedRegion"], "deletedRegion", "startLine")
						}
					}
				}
			}
		}
	}
}

// TestFlagsAreNotPatterns checks that a package named like a command flag
// is analyzed, not taken for the flag.
func TestFlagsAreNotPatterns(t *testing.T) {
	bin := build(t)
	out, _ := run(t, t.TempDir(), bin, "version")
	if strings.HasPrefix(out, "respbody ") {
		t.Fatalf("respbody version printed the version instead of analyzing package %q: %s", "version", out)
	}
}
