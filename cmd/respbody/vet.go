package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/respbody/respbody/internal/vetroute"
	"golang.org/x/tools/go/analysis"
)

// The default routes. By default the command analyzes with its own driver
// on go list (list.go, internal/listroute); with -govet it runs
// itself under go vet -json (internal/vetroute). Both take dependencies
// from the build cache's export data and keep each package's facts and
// findings in a cache (respbody's, or the go command's), and both report in
// vetroute's form. The findings are turned back into the diagnostics the
// in-process route produces, over a file set of the files that hold them,
// so that every output format prints them the same way. DEVELOPMENT.md
// says why there are three routes.

// cachedRoute reports whether o can take a route through the build cache:
// -fix, -diff and -c need the in-process one, as does -inprocess, a
// machine without a go command, or a build system's GOPACKAGESDRIVER.
func cachedRoute(o *options) bool {
	return !o.inprocess && !o.fix && !o.diff && o.context < 0 && vetroute.Unavailable(nil) == nil
}

// loadCached analyzes the packages with go list's export data (or under go
// vet) and returns the outcome as load does. When the go command fails (a
// package does not build), it analyzes in-process instead, which names
// each package that was not analyzed.
func loadCached(o *options) *outcome {
	res := new(outcome)
	if msg := moduleToolchainProblem(o.env.GOMOD); msg != "" {
		res.problems = append(res.problems, msg)
		return res
	}
	run := runList
	if o.govet {
		run = runVet
	}
	vr, err := run(o)
	if err != nil {
		res.problems = append(res.problems, fmt.Sprintf("%v (run with -inprocess)", err))
		return res
	}
	if vr.NoPackages {
		// As go vet: the go command's warnings, then one line.
		os.Stderr.WriteString(vr.Output)
		res.problems = append(res.problems, noPackagesProblem(o.patterns))
		return res
	}
	if vr.Failed {
		// Some package does not build, or a pattern is wrong. The
		// in-process route says which package is at fault and what to
		// do, and still analyzes the others: rare enough to pay for.
		what := "go list reported a problem"
		if o.govet {
			what = "go vet failed"
		}
		fmt.Fprintf(os.Stderr, "respbody: %s; analyzing in this process instead, to say why\n", what)
		in := *o
		in.inprocess = true
		res := load(&in)
		if !res.failed() && vr.Output != "" {
			os.Stderr.WriteString(vr.Output) // what go vet said, since nothing else explains it
		}
		return res
	}
	if !o.tests {
		// go vet always analyzes the test variants.
		vr.WithoutTests()
	}
	res.vet = vr
	// The go command's own messages (go: downloading ...): passed on,
	// not errors.
	os.Stderr.WriteString(vr.Output)
	for _, p := range vr.Packages {
		if p.Err != "" {
			res.problems = append(res.problems, fmt.Sprintf("%s: %s", p.ID, p.Err))
		}
	}
	var lost int
	res.routed, res.files, lost = vetFindings(vr.Unique())
	if lost > 0 {
		res.problems = append(res.problems, fmt.Sprintf("%d %s could not be shown: %s position is not file:line[:column]; run with -inprocess",
			lost, plural(lost, "finding", "findings"), plural(lost, "its", "their")))
	}
	return res
}

// runVet analyzes the packages under go vet, and returns what it found.
func runVet(o *options) (*vetroute.Result, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find respbody's own executable for go vet: %v", err)
	}
	return vetroute.Run(vetroute.Options{
		Tool:       self,
		ToolFlags:  analyzerFlags(o),
		BuildFlags: buildFlags(o),
		Patterns:   o.patterns,
		Env:        o.env.Vars,
	})
}

// analyzerFlags are the analyzer's flags set on the command line, for the
// tool under go vet.
func analyzerFlags(o *options) []string {
	var out []string
	o.analyzer.Flags.VisitAll(func(f *flag.Flag) {
		if o.set[f.Name] {
			out = append(out, "-"+f.Name+"="+f.Value.String())
		}
	})
	return out
}

// buildFlags are the go command's flags for o.
func buildFlags(o *options) []string {
	if o.tags != "" {
		return []string{"-tags=" + o.tags}
	}
	return nil
}

// vetFindings turns the JSON diagnostics into findings over a file set of
// the files that hold them (parsed, for the SARIF log's function names),
// in file and line order, and how many it could not place (their position
// is not file:line[:column]).
//
// A position is where a //line directive puts it, as go vet and the
// in-process route print it: it may name a file that does not exist, or
// one that is not Go source, which is never read (it may be
// /proc/self/environ, or a pipe); such a position gets a file of its own
// in the set, which prints as the position and holds no text.
func vetFindings(diags []vetroute.Diagnostic) ([]finding, []*ast.File, int) {
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
	var out []finding
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
		out = append(out, finding{fset, ad})
	}
	sortFindings(out)
	return out, files, lost
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
	if !goSource(name) {
		return nil, fmt.Errorf("%s is not a Go source file", name)
	}
	return os.ReadFile(name)
}

// goSource reports whether name is a Go source file: a regular file named
// *.go.
func goSource(name string) bool {
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

// printVetJSON prints the findings as the in-process route's -json does:
// package ID -> "respbody" -> diagnostics (or an error).
func printVetJSON(w io.Writer, vr *vetroute.Result) error {
	tree := make(map[string]map[string]any)
	for _, p := range vr.Packages {
		switch {
		case p.Err != "":
			tree[p.ID] = map[string]any{"respbody": map[string]string{"error": p.Err}}
		case len(p.Diagnostics) > 0:
			tree[p.ID] = map[string]any{"respbody": p.Diagnostics}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// goLine matches a go.mod's go directive.
var goLine = regexp.MustCompile(`(?m)^go\s+([0-9][0-9.a-z]*)\s*(?://.*)?$`)

// moduleToolchainProblem says what to do when the main module (its go.mod
// is gomod, as go env says) needs a newer Go than respbody was built with
// (its type checker would fail on every file), or "" when it does not or
// cannot tell.
func moduleToolchainProblem(gomod string) string {
	if gomod == "" || gomod == os.DevNull {
		return ""
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	m := goLine.FindSubmatch(data)
	if m == nil {
		return ""
	}
	return newerModuleGo(gomod, string(m[1]))
}
