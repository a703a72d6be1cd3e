package main_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestContextOnlyFromSources checks that -c prints the lines of the
// packages' own source files only: testdata/routes/lines has findings that
// //line directives put in the module's go.mod, in /proc/self/environ (the
// environment, secrets included, on Linux) and in a file that does not
// exist. They are reported there, as on every route, with no context and
// no error; a finding in use.go still gets its context.
func TestContextOnlyFromSources(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), routesModule(t)
	const secret = "RESPBODY_TEST_SECRET=do-not-print-me"
	cmd := exec.Command(bin, "-c=2", "./...")
	cmd.Dir = dir
	cmd.Env = append(testEnv(), secret)
	b, err := cmd.CombinedOutput()
	out := string(b)
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 3 {
		t.Fatalf("respbody -c=2: %v, want exit 3:\n%s", err, out)
	}
	for _, want := range []string{
		"lines/generated.y:11:15: resp.Body is not closed",
		"go.mod:2: resp.Body is not closed",
		"/proc/self/environ:2:15: resp.Body is not closed",
		"17\t\tdefer lib.Discard(resp)\n", // use.go's context
	} {
		if !strings.Contains(out, want) {
			t.Errorf("respbody -c=2: no %q in the output:\n%s", want, out)
		}
	}
	for _, foreign := range []string{secret, "module example.com/routes", "go 1.25"} {
		if strings.Contains(out, foreign) {
			t.Errorf("respbody -c=2 printed %q, from a file that is not a package's source:\n%s", foreign, out)
		}
	}
	if strings.Contains(out, "respbody:") {
		t.Errorf("respbody -c=2 reported a problem:\n%s", out)
	}
}

// TestSARIFRoutesAgree checks that the SARIF log's results for the
// findings //line directives move (testdata/routes/lines) are the same on
// every route: the same locations, fingerprints (no function where the
// file named is not Go source) and no fix (its edits are in lines.go, not
// where the directives say).
func TestSARIFRoutesAgree(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), routesModule(t)
	results := func(route ...string) string {
		code, log, stderr := sarifRun(t, bin, dir, append(route, "./lines")...)
		if code != 0 {
			t.Fatalf("respbody -sarif %v: exit %d:\n%s", route, code, stderr)
		}
		rs := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
		if len(rs) != 3 {
			t.Errorf("respbody -sarif %v: %d results, want 3", route, len(rs))
		}
		for _, r := range rs {
			if fixes := r.(map[string]any)["fixes"]; fixes != nil {
				t.Errorf("respbody -sarif %v: a fix for a finding a //line directive moved: %v", route, fixes)
			}
		}
		data, err := json.MarshalIndent(rs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if list, in := results(), results("-inprocess"); in != list {
		t.Errorf("respbody -sarif: the results differ:\ndefault:\n%s\n-inprocess:\n%s", list, in)
	}
}
