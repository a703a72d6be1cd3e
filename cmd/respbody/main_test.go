package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/respbody/respbody/internal/sarif/sarifcheck"
)

const (
	unclosedMsg  = "resp.Body is not closed on the path that returns at line 18"
	undrainedMsg = "resp.Body is closed before it is read to EOF"
)

// build compiles respbody into a temporary folder, once.
func build(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "respbody-test-")
		if err != nil {
			binErr = err
			return
		}
		binDir = dir
		bin := filepath.Join(dir, "respbody")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binPath = bin
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// The binary is built once for all the tests.
var (
	binOnce         sync.Once
	binPath, binDir string
	binErr          error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// module copies testdata/mod (a module with one leak and one undrained
// close, and two leaks that directives silence) into a temporary folder.
func module(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "leaky.go", "suppressed.go"} {
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

// testEnv is the environment of the commands the tests run: respbody's
// cache is the tests' own.
func testEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "RESPBODY_CACHE="+filepath.Join(binDir, "cache"))
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = testEnv()
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

// slow skips a test under -short: it runs the in-process route (every
// dependency loaded from source, some 4 s of CPU a run), or go vet or go
// fix (the standard library analyzed once per build of respbody and set of
// flags, some 10 s). What is left under -short runs the default route and
// the unit tests.
func slow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the in-process route, go vet or go fix: not under -short")
	}
}

// goToolMu makes the tests' go vet -vettool and go fix -fixtool runs take
// turns. The go command caches what the tool found in each package, the
// standard library's included, under the tool's content hash and flags:
// the first run with a set of flags analyzes the standard library, and
// the next ones read its results, where concurrent runs would each
// analyze it (some 10 s of CPU each).
var goToolMu sync.Mutex

// runGo runs a go command that runs respbody (go vet -vettool, go fix
// -fixtool) in dir, one at a time, with more environment variables, and
// returns its combined output and exit code.
func runGo(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	goToolMu.Lock()
	defer goToolMu.Unlock()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(testEnv(), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("go %v: %v", args, err)
	return "", -1
}

func TestStandalone(t *testing.T) {
	t.Parallel()
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
	slow(t)
	t.Parallel()
	bin, dir := build(t), module(t)
	out, code := runGo(t, dir, nil, "vet", "-vettool="+bin, "./...")
	if code == 0 || !strings.Contains(out, "leaky.go:13:15: "+unclosedMsg) || !strings.Contains(out, undrainedMsg) {
		t.Fatalf("go vet -vettool: exit %d, want failure with both findings:\n%s", code, out)
	}
	if strings.Contains(out, "suppressed.go") {
		t.Errorf("go vet -vettool reports a silenced finding:\n%s", out)
	}
	// A second run is served from the go command's cache: it reports the
	// same, and go vet does not run respbody on any package again (the
	// tool is asked only for its version and flags).
	log := filepath.Join(t.TempDir(), "calls")
	again, _ := runGo(t, dir, []string{"RESPBODY_CALL_LOG=" + log}, "vet", "-vettool="+bin, "./...") // callLogEnv in main.go
	if again != out {
		t.Errorf("second go vet run differs:\n%s\nfirst:\n%s", again, out)
	}
	calls, _ := os.ReadFile(log)
	for _, line := range strings.Split(strings.TrimSpace(string(calls)), "\n") {
		if strings.HasSuffix(line, ".cfg") {
			t.Errorf("go vet ran respbody on a package again: %s", line)
		}
	}
	out, code = runGo(t, dir, nil, "vet", "-vettool="+bin, "-drain=never", "./...")
	if code == 0 || !strings.Contains(out, unclosedMsg) || strings.Contains(out, undrainedMsg) {
		t.Fatalf("go vet -vettool -drain=never: exit %d, want only the unclosed finding:\n%s", code, out)
	}
}

func TestGoFix(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), module(t)
	out, code := runGo(t, dir, nil, "fix", "-fixtool="+bin, "-diff", "./...")
	if !strings.Contains(out, "+\t\t_, _ = io.CopyN(io.Discard, body, 256<<10)") || !strings.Contains(out, "-\tresp.Body.Close()") || !strings.Contains(out, "+\t\"io\"") {
		t.Fatalf("go fix -diff: exit %d, want the deferred drain-and-close in place of the close, and the io import, in the diff:\n%s", code, out)
	}
	if strings.Contains(out, "suppressed.go") {
		t.Errorf("go fix -diff fixes a silenced finding:\n%s", out)
	}
	if out, code := runGo(t, dir, nil, "fix", "-fixtool="+bin, "./..."); code != 0 {
		t.Fatalf("go fix: exit %d:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("go build after go fix: exit %d:\n%s", code, out)
	}
	if out, code := runGo(t, dir, nil, "vet", "-vettool="+bin, "./..."); code != 0 {
		t.Fatalf("go vet after go fix: exit %d, want clean:\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 0 {
		t.Fatalf("respbody after go fix: exit %d, want 0:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	if err := sarifcheck.Validate(stdout.Bytes()); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %v", err)
	}

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
		if fp, _ := r["partialFingerprints"].(map[string]any)["respbody/v1"].(string); len(fp) != 32 {
			t.Errorf("partialFingerprints = %v, want a respbody/v1 hash", r["partialFingerprints"])
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
	t.Parallel()
	bin := build(t)
	out, _ := run(t, t.TempDir(), bin, "version")
	if strings.HasPrefix(out, "respbody ") {
		t.Fatalf("respbody version printed the version instead of analyzing package %q: %s", "version", out)
	}
}

// sarifRun runs respbody -sarif in dir and returns the exit code and the
// log, which must be valid SARIF 2.1.0 whatever happened.
func sarifRun(t *testing.T, bin, dir string, args ...string) (int, map[string]any, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-sarif"}, args...)...)
	cmd.Dir = dir
	cmd.Env = testEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatal(err)
		}
		code = exit.ExitCode()
	}
	if err := sarifcheck.Validate(stdout.Bytes()); err != nil {
		t.Fatalf("respbody -sarif %v: not valid SARIF 2.1.0: %v\nstdout:\n%s\nstderr:\n%s", args, err, stdout.String(), stderr.String())
	}
	var log map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return code, log, stderr.String()
}

// invocation returns the log's invocation and its notifications' texts.
func invocation(log map[string]any) (bool, []string) {
	inv := log["runs"].([]any)[0].(map[string]any)["invocations"].([]any)[0].(map[string]any)
	var texts []string
	notes, _ := inv["toolExecutionNotifications"].([]any)
	for _, n := range notes {
		texts = append(texts, n.(map[string]any)["message"].(map[string]any)["text"].(string))
	}
	return inv["executionSuccessful"].(bool), texts
}

// TestSARIFNoPackages checks that a pattern that matches no package gives
// a valid log that says so (it used to panic).
func TestSARIFNoPackages(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, log, stderr := sarifRun(t, bin, dir, "./empty/...")
	ok, notes := invocation(log)
	if code != 1 || ok || len(notes) == 0 || !strings.Contains(strings.Join(notes, "\n"), "matched no packages") {
		t.Fatalf("exit %d, executionSuccessful %v, notifications %q; want 1, false, and why:\n%s", code, ok, notes, stderr)
	}
}

// brokenModule is module with a package that does not type-check and one
// that imports it.
func brokenModule(t *testing.T) string {
	t.Helper()
	dir := module(t)
	for name, src := range map[string]string{
		"bad/bad.go":   "package bad\n\nfunc F() int { return \"x\" }\n",
		"user/user.go": "package user\n\nimport \"example.com/leaky/bad\"\n\nvar X = bad.F()\n",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSARIFLoadError checks that a package that does not build still
// gives a log: the other packages' results, executionSuccessful false and
// the errors as notifications.
func TestSARIFLoadError(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), brokenModule(t)
	code, log, stderr := sarifRun(t, bin, dir, "./...")
	ok, notes := invocation(log)
	results := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
	all := strings.Join(notes, "\n")
	if code != 1 || ok || len(results) != 2 || !strings.Contains(all, "example.com/leaky/bad was not analyzed") || !strings.Contains(all, "cannot use") {
		t.Fatalf("exit %d, executionSuccessful %v, %d results, notifications %q; want 1, false, 2 results and the errors:\n%s", code, ok, len(results), notes, stderr)
	}
}

// TestNotAnalyzed checks that a package that does not build is named, with
// what to do, and so is the package that imports it.
func TestNotAnalyzed(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), brokenModule(t)
	out, code := run(t, dir, bin, "./...")
	for _, want := range []string{
		"respbody: example.com/leaky/bad was not analyzed: it does not build (errors above); fix them, or leave the package out of the patterns",
		"respbody: example.com/leaky/user was not analyzed: example.com/leaky/bad, which it imports, does not build",
		"respbody: go list reported a problem; analyzing in this process instead, to say why",
		unclosedMsg,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 || strings.Contains(out, "analysis skipped due to errors in package") || strings.Contains(out, "failed prerequisites") {
		t.Errorf("exit %d, want 1 and no x/tools wording:\n%s", code, out)
	}
}

// TestFixLeavesFindings checks that -fix applies the fixes, says what is
// left after fixing and exits 3 (the respbody-fix pre-commit hook must not
// pass a known leak), and that a run after it finds only that. It runs
// with GOFLAGS=-json, as a user's go env may set it: the fixer's
// go/packages lists the packages too (TestGOFLAGSOutputFlags).
func TestFixLeavesFindings(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), module(t)
	noFix := "package leaky\n\nimport \"net/http\"\n\n// Ping discards the response: no fix is offered.\nfunc Ping(c *http.Client, req *http.Request) {\n\tc.Do(req)\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "ping.go"), []byte(noFix), 0o644); err != nil {
		t.Fatal(err)
	}
	const left = "ping.go:7:2: the response from c.Do is discarded"
	_, out, code := runEnv(t, dir, []string{"GOFLAGS=-mod=mod -json"}, bin, "-fix", "./...")
	if code != 3 || !strings.Contains(out, "respbody: 1 finding left after fixing:") || !strings.Contains(out, left) {
		t.Fatalf("GOFLAGS=-json respbody -fix: exit %d, want 3 and the finding left:\n%s", code, out)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "leaky.go"))
	if !strings.Contains(string(fixed), "io.CopyN(io.Discard") {
		t.Fatalf("leaky.go was not fixed:\n%s", fixed)
	}
	if out, code := run(t, dir, bin, "./..."); code != 3 || !strings.Contains(out, left) || strings.Contains(out, "leaky.go") {
		t.Errorf("respbody after -fix: exit %d, want 3 and the finding in ping.go only:\n%s", code, out)
	}
}

// TestDiffAlone checks that -diff without -fix prints the diff, changes
// nothing, and exits 3 (there are findings).
func TestDiffAlone(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), module(t)
	before, _ := os.ReadFile(filepath.Join(dir, "leaky.go"))
	out, code := run(t, dir, bin, "-diff", "./...")
	if code != 3 || !strings.Contains(out, "+\t\t_, _ = io.CopyN(io.Discard, body, 256<<10)") || !strings.Contains(out, "-\tresp.Body.Close()") {
		t.Fatalf("respbody -diff: exit %d, want 3 and the diff:\n%s", code, out)
	}
	if strings.Contains(out, "no fix covers") {
		t.Errorf("respbody -diff lists findings the diff covers:\n%s", out)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "leaky.go")); !bytes.Equal(before, after) {
		t.Fatal("respbody -diff changed leaky.go")
	}
}

// TestHelp checks -h: it lists every flag, -sarif and -version included,
// and the exit codes, and exits 0; a bad flag and a missing pattern exit 2.
func TestHelp(t *testing.T) {
	t.Parallel()
	bin := build(t)
	out, code := run(t, ".", bin, "-h")
	for _, want := range []string{"Usage: respbody [flags] packages...", "  -sarif\n", "  -version\n", "  -tags=a,b\n", "  -diff\n", "Exit codes: 0 nothing found"} {
		if !strings.Contains(out, want) {
			t.Errorf("respbody -h lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("respbody -h: exit %d, want 0", code)
	}
	if out, code := run(t, ".", bin, "-nosuchflag", "./..."); code != 2 || !strings.Contains(out, "flag provided but not defined: -nosuchflag") {
		t.Errorf("respbody -nosuchflag: exit %d, want 2:\n%s", code, out)
	}
	if out, code := run(t, ".", bin); code != 2 || !strings.Contains(out, "no package pattern") {
		t.Errorf("respbody without patterns: exit %d, want 2:\n%s", code, out)
	}
}

// TestTags checks that -tags selects files by build tag.
func TestTags(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	tagged := "//go:build special\n\npackage leaky\n\nimport \"net/http\"\n\n// Special leaks.\nfunc Special(c *http.Client, req *http.Request) int {\n\tresp, err := c.Do(req)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "special.go"), []byte(tagged), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _ := run(t, dir, bin, "./..."); strings.Contains(out, "special.go") {
		t.Fatalf("special.go analyzed without its tag:\n%s", out)
	}
	if out, code := run(t, dir, bin, "-tags=special", "./..."); code != 3 || !strings.Contains(out, "special.go:9:15: resp.Body is not closed") {
		t.Fatalf("respbody -tags=special: exit %d, want the finding in special.go:\n%s", code, out)
	}
}

// TestSuppressedEverywhere checks that the directives of suppressed.go
// silence its findings in every channel of the command.
func TestSuppressedEverywhere(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	// (go vet and go fix: TestGoVet and TestGoFix check the same.)
	for _, args := range [][]string{
		{bin, "./..."},
		{bin, "-json", "./..."},
		{bin, "-inprocess", "./..."},
	} {
		out, _ := run(t, dir, args[0], args[1:]...)
		if strings.Contains(out, "suppressed.go") {
			t.Errorf("%v reports a silenced finding:\n%s", args, out)
		}
	}
}

// TestFromBodyclose checks bodyclose's directives on every route of the
// command: //bodyclose:handled is honoured in its package and another (the
// function that contradicts it reported once, its callers not), and
// //nolint:bodyclose silences its line only with -bodyclose-nolint, which
// says how many findings it silenced, from the cache too.
func TestFromBodyclose(t *testing.T) {
	t.Parallel()
	bin := build(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "frombodyclose"))); err != nil {
		t.Fatal(err)
	}
	always := []string{"lib/lib.go:10:6: //bodyclose:handled says callers of Get", "use/use.go:15:9: the response from lib.Open"}
	silenced := "use/use.go:19:15: resp.Body is not closed"
	// The default route with and without the flag, then with it again from
	// the cache (which must print the count again); the other routes with
	// it (TestRoutesAgree checks that routes agree in general).
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{bin, "./..."}, ""},
		{[]string{bin, "./..."}, "-bodyclose-nolint"},
		{[]string{bin, "./..."}, "-bodyclose-nolint"},
		{[]string{bin, "-inprocess", "./..."}, "-bodyclose-nolint"},
		{[]string{"go", "vet", "-vettool=" + bin, "./..."}, "-bodyclose-nolint"},
	} {
		cmd, flag := slices.Clone(c.args), c.flag
		if flag != "" {
			cmd = slices.Insert(cmd, len(cmd)-1, flag)
		}
		var out string
		if cmd[0] == "go" {
			if testing.Short() {
				continue // slow
			}
			out, _ = runGo(t, dir, nil, cmd[1:]...)
		} else {
			out, _ = run(t, dir, cmd[0], cmd[1:]...)
		}
		for _, want := range always {
			if strings.Count(out, want) != 1 {
				t.Errorf("%v: want one finding %q, got:\n%s", cmd, want, out)
			}
		}
		if got := strings.Contains(out, silenced); got != (flag == "") {
			t.Errorf("%v: reports %q: %v, want %v:\n%s", cmd, silenced, got, flag == "", out)
		}
		if got := strings.Contains(out, "1 unclosed findings silenced by //nolint:bodyclose"); got != (flag != "") {
			t.Errorf("%v: says it silenced one finding: %v, want %v:\n%s", cmd, got, flag != "", out)
		}
		if n := strings.Count(out, "sameFile") + strings.Count(out, "viaDirective") + strings.Count(out, "use.go:11"); n > 0 {
			t.Errorf("%v: reports a caller of a //bodyclose:handled function:\n%s", cmd, out)
		}
	}
}
