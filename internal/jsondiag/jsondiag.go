// Package jsondiag is the JSON form of a go/analysis diagnostic, as x/tools'
// drivers and go vet print it with -json, and its two conversions: from the
// analysis.Diagnostic of a pass (the default route keeps its findings so,
// in its cache and its results), and back to an analysis.Diagnostic over a
// file set of the files its positions name (the command prints, and writes
// as SARIF, every route's findings from analysis.Diagnostics).
package jsondiag

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A Diagnostic is one finding.
type Diagnostic struct {
	Category       string         `json:"category,omitempty"`
	Posn           string         `json:"posn"` // file:line:column
	End            string         `json:"end"`
	Message        string         `json:"message"`
	SuggestedFixes []SuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []RelatedInfo  `json:"related,omitempty"`
}

// A SuggestedFix is a fix of a Diagnostic, as edits to files.
type SuggestedFix struct {
	Message string     `json:"message"`
	Edits   []TextEdit `json:"edits"`
}

// A TextEdit replaces the bytes [Start, End) of a file with New.
type TextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// A RelatedInfo is a secondary position of a Diagnostic.
type RelatedInfo struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// FromAnalysis turns the diagnostics of a pass over fset into their JSON
// form, as x/tools' drivers print them.
func FromAnalysis(fset *token.FileSet, diags []analysis.Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, f := range diags {
		jd := Diagnostic{
			Category: f.Category,
			Posn:     fset.Position(f.Pos).String(),
			End:      fset.Position(cmp.Or(f.End, f.Pos)).String(),
			Message:  f.Message,
		}
		for _, fix := range f.SuggestedFixes {
			sf := SuggestedFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				sf.Edits = append(sf.Edits, TextEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, sf)
		}
		for _, r := range f.Related {
			jd.Related = append(jd.Related, RelatedInfo{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, jd)
	}
	return out
}

// ToAnalysis turns JSON diagnostics back into analysis.Diagnostics, in the
// same order, over a new file set of the files that hold them (parsed, for
// the SARIF log's function names, and returned). It also returns how many
// it could not place (their position is not file:line[:column]); they are
// left out.
//
// A position is where a //line directive puts it, as go vet and the
// in-process route print it: it may name a file that does not exist, or
// one that is not Go source, which is never read (it may be
// /proc/self/environ, or a pipe); such a position gets a file of its own
// in the set, which prints as the position and holds no text.
func ToAnalysis(diags []Diagnostic) (*token.FileSet, []analysis.Diagnostic, []*ast.File, int) {
	fset := token.NewFileSet()
	type parsed struct {
		tf   *token.File
		file *ast.File
	}
	byName := make(map[string]*parsed)
	var files []*ast.File
	file := func(name string) *parsed {
		p, seen := byName[name]
		if !seen {
			if src, err := readGoFile(name); err == nil {
				f, _ := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
				if f != nil {
					p = &parsed{fset.File(f.FileStart), f}
					files = append(files, f)
				}
			}
			byName[name] = p
		}
		return p
	}
	// offset is the position of a byte offset in a file.
	offset := func(name string, off int) token.Pos {
		p := file(name)
		if p == nil || off < 0 || off > p.tf.Size() {
			return token.NoPos
		}
		return p.tf.Pos(off)
	}
	pos := func(posn string) token.Pos {
		name, line, col, ok := splitPosn(posn)
		if !ok {
			return token.NoPos
		}
		if p := file(name); p != nil && line >= 1 && line <= p.tf.LineCount() {
			off := p.tf.Offset(p.tf.LineStart(line)) + max(col, 1) - 1
			if off <= p.tf.Size() && fset.Position(p.tf.Pos(off)).String() == posn {
				return p.tf.Pos(off)
			}
		}
		return linePos(fset, name, line, col)
	}
	var out []analysis.Diagnostic
	lost := 0
	for _, d := range diags {
		start := pos(d.Posn)
		if !start.IsValid() {
			lost++
			continue
		}
		ad := analysis.Diagnostic{Pos: start, End: pos(d.End), Category: d.Category, Message: d.Message}
		for _, r := range d.Related {
			ad.Related = append(ad.Related, analysis.RelatedInformation{Pos: pos(r.Posn), End: pos(r.End), Message: r.Message})
		}
		for _, sf := range d.SuggestedFixes {
			fix := analysis.SuggestedFix{Message: sf.Message}
			for _, e := range sf.Edits {
				start, end := offset(e.Filename, e.Start), offset(e.Filename, e.End)
				if !start.IsValid() || !end.IsValid() {
					fix.TextEdits = nil
					break
				}
				fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: start, End: end, NewText: []byte(e.New)})
			}
			if fix.TextEdits != nil {
				ad.SuggestedFixes = append(ad.SuggestedFixes, fix)
			}
		}
		out = append(out, ad)
	}
	return fset, out, files, lost
}

// splitPosn splits "file:line:col", or "file:line" (column 0, as a
// //line directive without a column gives), where the file may hold
// colons.
func splitPosn(posn string) (file string, line, col int, ok bool) {
	i := strings.LastIndexByte(posn, ':')
	if i < 0 {
		return "", 0, 0, false
	}
	last, err := strconv.Atoi(posn[i+1:])
	if err != nil || last < 1 {
		return "", 0, 0, false
	}
	if j := strings.LastIndexByte(posn[:i], ':'); j >= 0 {
		if line, err := strconv.Atoi(posn[j+1 : i]); err == nil && line >= 1 && j > 0 {
			return posn[:j], line, last, true
		}
	}
	return posn[:i], last, 0, i > 0
}

// readGoFile reads a Go source file. Any other file a position names (a
// //line directive can name any) is not read.
func readGoFile(name string) ([]byte, error) {
	if !GoSource(name) {
		return nil, fmt.Errorf("%s is not a Go source file", name)
	}
	return os.ReadFile(name)
}

// GoSource reports whether name is a Go source file: a regular file named
// *.go. ToAnalysis reads no other file, and the SARIF log names a
// function only in such a file.
func GoSource(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular() && strings.HasSuffix(name, ".go")
}

// linePos returns a position that prints as name:line:col (name:line when
// col is 0) in a file of its own in fset, which holds no text, as a //line
// directive makes one.
func linePos(fset *token.FileSet, name string, line, col int) token.Pos {
	tf := fset.AddFile(name, -1, 1)
	tf.AddLineColumnInfo(0, name, line, col)
	return tf.Pos(0)
}
