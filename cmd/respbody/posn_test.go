package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/respbody/respbody/internal/vetroute"
)

// TestVetFindingsLinePositions checks that a position a //line directive
// gives is shown as it is, whatever the file it names: a file that does not
// exist, one that is not Go source (never read, nor parsed), a line with no
// column, and a column past the end of the line it names in a Go file.
func TestVetFindingsLinePositions(t *testing.T) {
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
	var diags []vetroute.Diagnostic
	for _, p := range posns {
		diags = append(diags, vetroute.Diagnostic{Posn: p, End: p, Message: "m"})
	}
	fs, files, lost := vetFindings(diags)
	if lost != 0 || len(fs) != len(posns) {
		t.Fatalf("%d findings, %d lost; want %d and none", len(fs), lost, len(posns))
	}
	got := make(map[string]bool)
	for _, f := range fs {
		got[f.fset.Position(f.diag.Pos).String()] = true
		if e := f.fset.Position(f.diag.End).String(); e != f.fset.Position(f.diag.Pos).String() {
			t.Errorf("end %s, want the start", e)
		}
	}
	for _, p := range posns {
		if !got[p] {
			t.Errorf("no finding at %s; got %v", p, got)
		}
	}
	if len(files) != 1 || files[0].Name.Name != "a" {
		t.Errorf("%d files parsed, want a.go only", len(files))
	}
}
