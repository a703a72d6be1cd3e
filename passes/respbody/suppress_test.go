package respbody_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// TestSuppress checks //nolint (golangci-lint's semantics) and
// //lint:ignore (staticcheck's): lines with a // want are still reported,
// the others are silenced.
//
// Package suppress is analyzed in the default run (see runDefault).
func TestSuppress(t *testing.T) {
	t.Parallel()
	_, byPkg := runDefault(t)
	for _, msg := range byPkg.errs["suppress"] {
		t.Error(msg)
	}
}

// TestSuppressNolintOff checks -nolint=false, the golangci-lint plugin's
// setting: //nolint is golangci-lint's to apply, //lint:ignore still ours.
func TestSuppressNolintOff(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "nolint", "false")
	analysistest.Run(t, testdata(t), a, "suppressnolintoff")
}

// TestBodycloseNolint checks -bodyclose-nolint: a //nolint that names
// bodyclose silences the unclosed findings it covers (the line, or the
// node below it), not the undrained ones, and a //nolint for another
// linter silences nothing. Without the flag (package bodyclosenolintoff,
// in the default run) it silences nothing.
func TestBodycloseNolint(t *testing.T) {
	t.Parallel()
	a := flagVariant(t, "bodyclose-nolint", "true")
	analysistest.Run(t, testdata(t), a, "bodyclosenolint")
}
