package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/testmod"
)

// routesModule copies testdata/routes: use's findings need facts of lib (a
// helper that closes without draining, a wrapper that returns a fresh
// response) and sit in test files too, and use has an external test
// package; lines' findings are where //line directives put them.
func routesModule(t *testing.T) string {
	t.Helper()
	return testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
}

// TestRoutesAgree checks that the default route (respbody's driver on go
// list), the go vet route and the in-process one report the same findings,
// in the same words and order, with the same exit code, with and without
// tests, and that -json names the same findings.
func TestRoutesAgree(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), routesModule(t)
	for _, flags := range [][]string{nil, {"-test=false"}, {"-drain=never"}} {
		args := append(slices.Clone(flags), "./...")
		list, lcode := run(t, dir, bin, args...)
		for _, route := range []string{"-govet", "-inprocess"} {
			other, ocode := run(t, dir, bin, append([]string{route}, args...)...)
			if list != other || lcode != ocode {
				t.Errorf("respbody %v: the routes differ:\ndefault (exit %d):\n%s\n%s (exit %d):\n%s", args, lcode, list, route, ocode, other)
			}
		}
		if lcode != 3 || strings.Contains(list, "use/use.go:") == slices.Contains(flags, "-drain=never") {
			t.Errorf("respbody %v: exit %d, want 3, and an undrained close in use.go (through lib's facts) unless -drain=never:\n%s", args, lcode, list)
		}
		if hasTest := strings.Contains(list, "use_test.go:"); hasTest == slices.Contains(flags, "-test=false") {
			t.Errorf("respbody %v: findings in use_test.go: %v:\n%s", args, hasTest, list)
		}
		// fetch's leak, in a closure given to retry.Do, through an
		// unexported interface that only fetch_test.go implements (with a
		// fake): the same whether fetch is analyzed with its tests or not.
		if !strings.Contains(list, "fetch/fetch.go:30:16: resp.Body is not closed") {
			t.Errorf("respbody %v: no leak in fetch.go:\n%s", args, list)
		}
		// lines' leaks, where its //line directives put them, as go
		// vet prints them: in files respbody must not read.
		for _, posn := range []string{"\nlines/generated.y:11:15: ", "\ngo.mod:2: ", "/proc/self/environ:2:15: "} {
			if !strings.Contains(list, posn) {
				t.Errorf("respbody %v: no finding at %q:\n%s", args, strings.TrimSpace(posn), list)
			}
		}
	}
	jsonFindings := func(args ...string) []string {
		out, code := run(t, dir, bin, args...)
		if code != 0 {
			t.Fatalf("respbody %v: exit %d:\n%s", args, code, out)
		}
		var tree map[string]map[string][]struct{ Posn, Message string }
		if err := json.Unmarshal([]byte(out), &tree); err != nil {
			t.Fatalf("respbody %v: %v:\n%s", args, err, out)
		}
		var fs []string
		for _, byAnalyzer := range tree {
			for _, d := range byAnalyzer["respbody"] {
				fs = append(fs, d.Posn+": "+d.Message)
			}
		}
		slices.Sort(fs)
		return slices.Compact(fs)
	}
	list, vet, in := jsonFindings("-json", "./..."), jsonFindings("-govet", "-json", "./..."), jsonFindings("-inprocess", "-json", "./...")
	if !slices.Equal(list, vet) || !slices.Equal(list, in) || len(list) != 6 {
		t.Errorf("-json: the routes differ, or found too little:\ndefault: %q\nunder go vet: %q\nin-process: %q", list, vet, in)
	}
}

// TestVetRouteCaches checks that a second run under go vet is served from
// the go command's cache: it reports the same, and go vet does not run
// respbody on any package again (the tool is asked only for its version
// and flags).
func TestVetRouteCaches(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), routesModule(t)
	first, code := run(t, dir, bin, "-govet", "./...")
	if code != 3 {
		t.Fatalf("exit %d, want 3:\n%s", code, first)
	}
	log := filepath.Join(t.TempDir(), "calls")
	cmd := exec.Command(bin, "-govet", "./...")
	cmd.Dir = dir
	cmd.Env = append(testEnv(), "RESPBODY_CALL_LOG="+log) // callLogEnv in main.go
	out, err := cmd.CombinedOutput()
	second, code := string(out), 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if second != first || code != 3 {
		t.Fatalf("second run differs (exit %d):\n%s\nfirst:\n%s", code, second, first)
	}
	calls, _ := os.ReadFile(log)
	for _, line := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
		if strings.HasSuffix(line, ".cfg") {
			t.Errorf("go vet ran respbody on a package again: %s", line)
		}
	}
}
