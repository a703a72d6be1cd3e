package sarif_test

import (
	"bytes"
	"encoding/json"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/sarif"
	"github.com/respbody/respbody/internal/sarif/sarifcheck"
	"golang.org/x/tools/go/analysis"
)

var rules = []sarif.RuleInfo{{ID: "unclosed", Name: "Unclosed", Short: "s.", Full: "f.", HelpText: "h", HelpMarkdown: "*h*"}}

// source is a file with two identical leaks in one function and a
// non-ASCII comment before the second.
const source = `package p

func f() {
	resp, err := c.Do(req)
	/* é */ resp, err := c.Do(req)
}
`

// write writes src as p.go under dir and returns its token.File in a new
// FileSet.
func write(t *testing.T, dir, src string) (*token.FileSet, *token.File) {
	t.Helper()
	name := filepath.Join(dir, "p.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f := fset.AddFile(name, -1, len(src))
	f.SetLinesForContent([]byte(src))
	return fset, f
}

// build logs one diagnostic for each call c.Do in src, plus a duplicate of
// the first (as a package's test variant reports it).
func build(t *testing.T, dir, src string, ok bool) map[string]any {
	t.Helper()
	fset, f := write(t, dir, src)
	b := sarif.NewBuilder("respbody", "v0", "https://example.com", dir, rules)
	var first analysis.Diagnostic
	for i := 0; ; {
		j := strings.Index(src[i:], "c.Do(req)")
		if j < 0 {
			break
		}
		pos := f.Pos(i + j)
		d := analysis.Diagnostic{
			Pos: pos, End: pos + token.Pos(len("c.Do(req)")), Category: "unclosed", Message: "resp.Body is not closed",
			Related: []analysis.RelatedInformation{{Pos: pos, Message: "here"}},
			SuggestedFixes: []analysis.SuggestedFix{{Message: "close it", TextEdits: []analysis.TextEdit{
				{Pos: pos, End: pos, NewText: []byte("x")},
			}}},
		}
		if first.Pos == token.NoPos {
			first = d
		}
		b.Add(fset, d, "f")
		i += j + 1
	}
	if first.Pos != token.NoPos {
		b.Add(fset, first, "f")
	}
	if !ok {
		b.Notify("example.com/bad was not analyzed: it does not build")
	}
	var buf bytes.Buffer
	if err := b.Write(&buf, ok); err != nil {
		t.Fatal(err)
	}
	if err := sarifcheck.Validate(buf.Bytes()); err != nil {
		t.Fatalf("the log is not valid SARIF 2.1.0: %v\n%s", err, buf.String())
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return log
}

func results(log map[string]any) []map[string]any {
	var out []map[string]any
	for _, r := range log["runs"].([]any)[0].(map[string]any)["results"].([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

func fingerprint(r map[string]any) string {
	return r["partialFingerprints"].(map[string]any)[sarif.FingerprintKey].(string)
}

func region(r map[string]any) map[string]any {
	return r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

// TestSamePlaceOnce checks that results are told apart by position: two
// findings with the same message at two places are two results, and the
// same finding reported twice is one.
func TestSamePlaceOnce(t *testing.T) {
	rs := results(build(t, t.TempDir(), source, true))
	if len(rs) != 2 {
		t.Fatalf("%d results, want 2 (same message, two places)", len(rs))
	}
}

// TestColumns checks that columns count code points: the second call
// follows a comment with an é (two bytes, one code point).
func TestColumns(t *testing.T) {
	rs := results(build(t, t.TempDir(), source, true))
	if got := region(rs[1])["startColumn"]; got != float64(len("\t/* é */ resp, err := ")) {
		t.Errorf("startColumn = %v, want %d (code points, 1-based)", got, len("\t/* é */ resp, err := "))
	}
}

// TestFingerprints checks that fingerprints tell identical statements
// apart and survive lines moving.
func TestFingerprints(t *testing.T) {
	dir := t.TempDir()
	rs := results(build(t, dir, source, true))
	a, b := fingerprint(rs[0]), fingerprint(rs[1])
	if a == b || a == "" {
		t.Fatalf("fingerprints %q and %q: want two different ones", a, b)
	}
	moved := results(build(t, dir, strings.Replace(source, "func f() {", "// A comment.\n\nfunc f() {", 1), true))
	if line := region(moved[0])["startLine"]; line != float64(6) {
		t.Fatalf("moved result at line %v, want 6", line)
	}
	if fingerprint(moved[0]) != a || fingerprint(moved[1]) != b {
		t.Errorf("fingerprints changed when the lines moved: %q %q, then %q %q", a, b, fingerprint(moved[0]), fingerprint(moved[1]))
	}
}

// TestFailedRun checks a log of a run that failed: valid, unsuccessful,
// with the error as a notification.
func TestFailedRun(t *testing.T) {
	log := build(t, t.TempDir(), "package p\n", false)
	inv := log["runs"].([]any)[0].(map[string]any)["invocations"].([]any)[0].(map[string]any)
	if inv["executionSuccessful"] != false {
		t.Errorf("executionSuccessful = %v, want false", inv["executionSuccessful"])
	}
	notes, _ := inv["toolExecutionNotifications"].([]any)
	if len(notes) != 1 || !strings.Contains(notes[0].(map[string]any)["message"].(map[string]any)["text"].(string), "does not build") {
		t.Errorf("notifications = %v, want the error", notes)
	}
	if rs := results(log); len(rs) != 0 {
		t.Errorf("%d results, want none", len(rs))
	}
}

// TestSchemaRejects checks that the validator can fail.
func TestSchemaRejects(t *testing.T) {
	if err := sarifcheck.Validate([]byte(`{"version": "2.1.0", "runs": [{"tool": {}}]}`)); err == nil {
		t.Fatal("a run whose tool has no driver was accepted")
	}
}

// TestMaxResults checks what happens past code scanning's limit of results
// in one run: the first ones (in the log's order) are kept, and a
// notification says how many were left out; the run still succeeded.
func TestMaxResults(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nfunc f() {\n" + strings.Repeat("\tresp, err := c.Do(req)\n", 7) + "}\n"
	fset, f := write(t, dir, src)
	b := sarif.NewBuilder("respbody", "v0", "https://example.com", dir, rules)
	b.SetMaxResults(5)
	for line := 4; line <= 10; line++ {
		pos := f.LineStart(line) + token.Pos(len("\tresp, err := "))
		b.Add(fset, analysis.Diagnostic{Pos: pos, End: pos + 9, Category: "unclosed", Message: "m"}, "f")
	}
	var buf bytes.Buffer
	if err := b.Write(&buf, true); err != nil {
		t.Fatal(err)
	}
	if err := sarifcheck.Validate(buf.Bytes()); err != nil {
		t.Fatalf("the log is not valid SARIF 2.1.0: %v", err)
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := results(log)
	if len(rs) != 5 || region(rs[0])["startLine"] != float64(4) || region(rs[4])["startLine"] != float64(8) {
		t.Fatalf("%d results; want the first 5, lines 4 to 8", len(rs))
	}
	inv := log["runs"].([]any)[0].(map[string]any)["invocations"].([]any)[0].(map[string]any)
	notes, _ := inv["toolExecutionNotifications"].([]any)
	if inv["executionSuccessful"] != true || len(notes) != 1 {
		t.Fatalf("invocation %v: want successful, with one notification", inv)
	}
	note := notes[0].(map[string]any)
	if text := note["message"].(map[string]any)["text"].(string); note["level"] != "warning" || !strings.Contains(text, "7 results") || !strings.Contains(text, "2 are left out") {
		t.Errorf("notification %v: want a warning that 2 of 7 were left out", note)
	}
	if sarif.MaxResults != 25000 {
		t.Errorf("MaxResults = %d; code scanning documents 25,000 results per run", sarif.MaxResults)
	}
}

// TestURIsEncoded checks that a path with a space, '#', '%' or ':' gives
// URIs that parse back to it: relative to %SRCROOT%, and the base.
func TestURIsEncoded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b#%")
	if err := os.MkdirAll(filepath.Join(dir, "x?y"), 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "x?y", "c:d%.go")
	if err := os.WriteFile(name, []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f := fset.AddFile(name, -1, 10)
	f.SetLinesForContent([]byte("package p\n"))
	b := sarif.NewBuilder("respbody", "v0", "https://example.com", dir, rules)
	b.Add(fset, analysis.Diagnostic{Pos: f.Pos(0), End: f.Pos(7), Category: "unclosed", Message: "m"}, "")
	var buf bytes.Buffer
	if err := b.Write(&buf, true); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string }
			Results            []struct {
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
	if uri != "x%3Fy/c%3Ad%25.go" {
		t.Errorf("uri = %q, want x%%3Fy/c%%3Ad%%25.go", uri)
	}
	base, err := url.Parse(log.Runs[0].OriginalURIBaseIDs[sarif.BaseID].URI)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	if got := base.ResolveReference(rel).Path; got != filepath.ToSlash(name) {
		t.Errorf("base %s and uri %s resolve to %q, want %q", base, uri, got, name)
	}
}

// TestFixOneReplacement checks that a fix of several edits in a file is one
// replacement, from the first edit to the last with the text between them
// as it is (reviewdog posts one suggestion per comment), and that applying
// it, by code-point columns, gives what applying the edits gives; and that
// a file that cannot be read keeps one replacement per edit.
func TestFixOneReplacement(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nimport \"net/http\"\n\nfunc f() { // é\n\tresp, err := c.Do(req)\n\t_ = resp.Body.Close()\n}\n"
	fset, f := write(t, dir, src)
	at := func(s string) token.Pos { return f.Pos(strings.Index(src, s)) }
	imp, closeCall := at(`"net/http"`), at("\t_ = resp.Body.Close()\n")
	edits := []analysis.TextEdit{ // out of order, as an analyzer may give them
		{Pos: closeCall, End: closeCall + token.Pos(len("\t_ = resp.Body.Close()\n")), NewText: nil},
		{Pos: imp, End: imp, NewText: []byte("\"io\"\n\t")},
		{Pos: at("\tresp, err"), End: at("\tresp, err"), NewText: []byte("\t// é\n")},
	}
	want := src[:f.Offset(imp)] + "\"io\"\n\t" + src[f.Offset(imp):strings.Index(src, "\tresp, err")] + "\t// é\n" +
		src[strings.Index(src, "\tresp, err"):f.Offset(closeCall)] + "}\n"

	fix := func(dir string, fset *token.FileSet, pos token.Pos) []any {
		b := sarif.NewBuilder("respbody", "v0", "https://example.com", dir, rules)
		b.Add(fset, analysis.Diagnostic{Pos: pos, End: pos, Category: "unclosed", Message: "m",
			SuggestedFixes: []analysis.SuggestedFix{{Message: "fix", TextEdits: edits}}}, "f")
		var buf bytes.Buffer
		if err := b.Write(&buf, true); err != nil {
			t.Fatal(err)
		}
		if err := sarifcheck.Validate(buf.Bytes()); err != nil {
			t.Fatal(err)
		}
		var log map[string]any
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		fixes := results(log)[0]["fixes"].([]any)
		changes := fixes[0].(map[string]any)["artifactChanges"].([]any)
		return changes[0].(map[string]any)["replacements"].([]any)
	}
	reps := fix(dir, fset, at("c.Do"))
	if len(reps) != 1 {
		t.Fatalf("%d replacements, want 1", len(reps))
	}
	rep := reps[0].(map[string]any)
	region := rep["deletedRegion"].(map[string]any)
	lines := strings.SplitAfter(src, "\n")
	offset := func(line, col float64) int { // code-point column to byte offset
		n := 0
		for _, l := range lines[:int(line)-1] {
			n += len(l)
		}
		return n + len(string([]rune(lines[int(line)-1])[:int(col)-1]))
	}
	got := src[:offset(region["startLine"].(float64), region["startColumn"].(float64))] +
		rep["insertedContent"].(map[string]any)["text"].(string) +
		src[offset(region["endLine"].(float64), region["endColumn"].(float64)):]
	if got != want {
		t.Errorf("the replacement %v applied gives\n%s\nwant\n%s", rep, got, want)
	}

	// The same edits in a file that is not there: one replacement each.
	gone := token.NewFileSet()
	g := gone.AddFile(filepath.Join(t.TempDir(), "gone.go"), -1, len(src))
	g.SetLinesForContent([]byte(src))
	for i := range edits {
		edits[i].Pos = g.Pos(f.Offset(edits[i].Pos))
		edits[i].End = g.Pos(f.Offset(edits[i].End))
	}
	if reps := fix(filepath.Dir(g.Name()), gone, g.Pos(0)); len(reps) != 3 {
		t.Errorf("%d replacements for a file that cannot be read, want 3", len(reps))
	}
}
