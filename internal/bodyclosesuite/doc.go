// Package bodyclosesuite runs bodyclose's own analysistest suite against
// respbody, and holds nothing but that test: bodyclose's expectations are
// compared with respbody's findings, and every disagreement must be one
// listed, with its reason, in divergences.txt.
//
// The suite is github.com/timakin/bodyclose's
// passes/bodyclose/testdata/src (packages a, consumption and
// handledresponse), at the version pinned in bench/bodyclose.version.
// scripts/test-bodyclose-suite.sh downloads it from the Go module proxy,
// copies its testdata to a temporary folder, and runs the test with
// RESPBODY_BODYCLOSE_TESTDATA set to that folder. Without the variable the test skips: nothing of bodyclose is
// kept in this repository.
//
// # The runs
//
// As bodyclose's tests run them: package a (which imports handledresponse)
// as bodyclose_test.go does, with bodyclose's defaults; package consumption
// as consumption_test.go does, with -check-consumption, which reports bodies
// closed without being read. respbody runs on a with its default flags but
// -drain=never (the unclosed rule alone, which is bodyclose's rule), and on
// consumption with -drain=always (the unclosed and undrained rules). One
// analysistest.Run per flag setting; analysistest's own comparison is
// discarded (the // want patterns are bodyclose's messages, not respbody's),
// and the test compares the returned diagnostics itself.
//
// # Expectations
//
// Each // want comment in the files of a and consumption is one
// expectation, on the comment's line (each of bodyclose's is at the end of
// the line of the call that obtains the response).
//
// # Matching
//
// respbody reports an unclosed body at the call that obtains it (bodyclose's
// line), or, when the response is discarded, at that call too; it reports
// an undrained body at the close, and names the returns where a body leaks
// or a deferred close runs as related positions. So a respbody finding meets
// the expectation on line L of the same file when either
//
//  1. the finding's position, or one of its related positions, is on line L; or
//  2. its message begins with the body it is about, written X.Body with X an
//     identifier (respbody names bodies so: "resp.Body is closed by this
//     deferred call ..."), and L is the line of the last assignment to X
//     (X on the left of = or :=, or named in a var declaration) at or before
//     the finding's line, within the same top-level function declaration
//     (closures included). This is how an undrained finding at the Close
//     meets the expectation at the http.Get that obtained that body.
//
// An expectation that no finding meets is "bodyclose-only"; a finding that
// meets no expectation is "respbody-only", at its own position. One finding
// may meet several expectations, and one expectation may be met by several
// findings.
//
// # Divergences
//
// divergences.txt lists the disagreements accepted today, one a line:
//
//	<file>:<line> <bodyclose-only|respbody-only> <reason>
//
// with file relative to testdata/src (a/a.go); blank lines and lines that
// start with # are ignored. The test fails on a disagreement the file does
// not list, and on a line of the file whose disagreement no longer happens,
// so that the list stays true. A reason says why, honestly: a false
// positive bodyclose's own comments admit, a place where respbody is stricter
// by design, or a respbody miss that is a bug (saying so, and where it is
// tracked).
//
// The test logs (go test -v) a table of every expectation, met (by which
// finding) or diverging (and why), every respbody-only finding, and the
// counts.
package bodyclosesuite
