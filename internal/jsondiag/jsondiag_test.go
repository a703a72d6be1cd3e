package jsondiag

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestLinePositions checks that a position a //line directive gives is
// shown as it is, whatever the file it names: a file that does not exist,
// one that is not Go source (never read, nor parsed), a line with no
// column, and a column past the end of the line it names in a Go file.
func TestLinePositions(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	goFile := filepath.Join(dir, "a.go")
	for name, text := range map[string]string{secret: "TOKEN=x\n", goFile: "package a\n\nvar X = 1\n"} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	posns := []string{
		filepath.Join(dir, "gone.y") + ":10:3",
		secret + ":1:2",
		secret + ":1",
		goFile + ":1:40", // past the end of the line
		goFile + ":3:5",  // a real position
	}
	var diags []Diagnostic
	for _, p := range posns {
		diags = append(diags, Diagnostic{Posn: p, End: p, Message: "m"})
	}
	fset, ds, files, lost := ToAnalysis(diags)
	if lost != 0 || len(ds) != len(posns) {
		t.Fatalf("%d findings, %d lost; want %d and none", len(ds), lost, len(posns))
	}
	for i, d := range ds {
		if p := fset.Position(d.Pos).String(); p != posns[i] {
			t.Errorf("finding %d at %s, want %s", i, p, posns[i])
		}
		if e := fset.Position(d.End).String(); e != posns[i] {
			t.Errorf("finding %d ends at %s, want its start", i, e)
		}
	}
	if len(files) != 1 || files[0].Name.Name != "a" {
		t.Errorf("%d files parsed, want a.go only", len(files))
	}
}

// TestRoundTrip checks that a diagnostic with related positions and a fix
// comes back from its JSON form as it was: the same positions, messages
// and edits.
func TestRoundTrip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.go")
	src := "package a\n\nfunc F() {\n\tprintln(1)\n}\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	tf := fset.File(f.FileStart)
	at := func(off int) token.Pos { return tf.Pos(off) }
	in := analysis.Diagnostic{
		Pos: at(24), End: at(34), Category: "unclosed", Message: "m",
		Related:        []analysis.RelatedInformation{{Pos: at(11), End: at(17), Message: "r"}},
		SuggestedFixes: []analysis.SuggestedFix{{Message: "fix", TextEdits: []analysis.TextEdit{{Pos: at(24), End: at(34), NewText: []byte("x")}}}},
	}
	js := FromAnalysis(fset, []analysis.Diagnostic{in})
	fset2, out, _, lost := ToAnalysis(js)
	if lost != 0 || len(out) != 1 {
		t.Fatalf("%d diagnostics back, %d lost", len(out), lost)
	}
	// Compared as JSON again: positions in the new file set print as
	// they did in the first.
	if back := FromAnalysis(fset2, out); !reflect.DeepEqual(back, js) {
		t.Errorf("round trip:\n%+v\nwant:\n%+v", back, js)
	}
	if got := fset2.Position(out[0].SuggestedFixes[0].TextEdits[0].End).Offset; got != 34 {
		t.Errorf("the edit ends at offset %d, want 34", got)
	}
}
