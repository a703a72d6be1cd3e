package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// Fixes are applied by x/tools' own machinery (the one go fix and
// singlechecker use: fixes merged as a three-way merge, identical edits
// coalesced, files gofmt'ed, imports made unused removed), which is not
// exported: the command runs itself as an x/tools singlechecker for that,
// then analyzes the fixed code again to say what is left. Running the
// analysis again is also what x/tools advises when fixes conflict
// ("re-run the command to apply more"), so a round that leaves fixable
// findings is followed by another, up to maxFixRounds.

// fixerEnv, set in the environment, makes the command the x/tools
// singlechecker (main.go).
const fixerEnv = "RESPBODY_XTOOLS_FIXER"

// maxFixRounds bounds the rounds of fixing.
const maxFixRounds = 3

// runFix applies the fixes, then prints the findings left: exit 3 if there
// are any, 1 if the analysis failed, else 0.
func runFix(o *options) int {
	var a *outcome
	var fixerErr []byte // what the last round's fixer said, if it failed
	for round := 1; round <= maxFixRounds; round++ {
		stderr, err := runFixer(o, false)
		fixerErr = nil
		if err != nil {
			fixerErr = fmt.Appendf(stderr, "respbody: applying the fixes: %v\n", err)
		}
		a = load(o)
		if a.failed() || !fixable(a.findings()) {
			break
		}
	}
	a.printProblems(os.Stderr)
	left := a.findings()
	if fixable(left) && fixerErr != nil {
		// Fixes that could not be applied: say why. (A failure that
		// leaves nothing fixable is x/tools' count of the duplicate
		// fixes of a package and its test variant.)
		os.Stderr.Write(fixerErr)
	}
	if len(left) > 0 {
		fmt.Fprintf(os.Stderr, "respbody: %d %s left after fixing:\n", len(left), plural(len(left), "finding", "findings"))
		printFindings(os.Stderr, left, o.context, a.sources())
	}
	return a.exitCode(len(left))
}

// runDiff prints the diff of the fixes on stdout and, on stderr, the
// findings no fix covers: exit 3 when there are findings, 1 if the
// analysis failed, else 0.
func runDiff(o *options) int {
	a := load(o)
	a.printProblems(os.Stderr)
	if a.failed() {
		return 1
	}
	all := a.findings()
	if fixable(all) {
		stderr, err := runFixer(o, true)
		if err != nil {
			os.Stderr.Write(stderr)
		}
	}
	var left []finding
	for _, f := range all {
		if len(f.diag.SuggestedFixes) == 0 && !coveredByFix(f, all) {
			left = append(left, f)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(os.Stderr, "respbody: %d %s no fix covers:\n", len(left), plural(len(left), "finding", "findings"))
		printFindings(os.Stderr, left, o.context, a.sources())
	}
	if len(all) > 0 {
		return 3
	}
	return 0
}

// coveredByFix reports whether another finding's fix edits the code f
// reports (as the fix of a leak deletes the unread closes of the same
// body, whose findings then carry no fix of their own).
func coveredByFix(f finding, all []finding) bool {
	p, e := f.fset.Position(f.diag.Pos), f.fset.Position(f.diag.End)
	for _, g := range all {
		for _, fix := range g.diag.SuggestedFixes[:min(1, len(g.diag.SuggestedFixes))] {
			for _, edit := range fix.TextEdits {
				ep, ee := g.fset.Position(edit.Pos), g.fset.Position(edit.End)
				if ep.Filename == p.Filename && ep.Offset < e.Offset && p.Offset < ee.Offset {
					return true
				}
			}
		}
	}
	return false
}

// fixable reports whether some finding has a fix.
func fixable(fs []finding) bool {
	for _, f := range fs {
		if len(f.diag.SuggestedFixes) > 0 {
			return true
		}
	}
	return false
}

// runFixer runs this command as the x/tools singlechecker with -fix (and
// -diff, whose output goes to stdout). It returns what the fixer wrote on
// stderr, and an error if it failed.
func runFixer(o *options, diff bool) ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{"-fix", fmt.Sprintf("-test=%t", o.tests)}
	if diff {
		args = append(args, "-diff")
	}
	for _, d := range flagDocs {
		if f := o.analyzer.Flags.Lookup(d.name); f != nil {
			args = append(args, fmt.Sprintf("-%s=%s", f.Name, f.Value))
		}
	}
	args = append(args, "--")
	args = append(args, o.patterns...)
	env, problem := toolEnv()
	if problem != "" {
		return nil, errors.New(problem)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(slices.Clip(env.Vars), fixerEnv+"=1")
	if o.tags != "" {
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(env.GOFLAGS+" -tags="+o.tags))
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = os.Stdout, &stderr
	err = cmd.Run()
	return stderr.Bytes(), err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
