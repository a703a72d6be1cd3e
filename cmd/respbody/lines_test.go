package main_test

import (
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
