package bodyclosesuite

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// envVar names the folder that holds bodyclose's testdata (its src folder
// inside); scripts/test-bodyclose-suite.sh sets it.
const envVar = "RESPBODY_BODYCLOSE_TESTDATA"

// runs are bodyclose's two tests, as respbody runs them (see the package
// documentation).
var runs = []struct {
	pkg   string // the package bodyclose's test checks, in testdata/src
	drain string // respbody's -drain
	wants int    // its // want comments at the pinned version
}{
	{"a", respbody.DrainNever, 12},
	{"consumption", respbody.DrainAlways, 7},
}

const (
	bodycloseOnly = "bodyclose-only"
	respbodyOnly  = "respbody-only"
)

// loc is a line of a file of the suite; file is relative to testdata/src,
// with slashes.
type loc struct {
	file string
	line int
}

func (l loc) String() string { return fmt.Sprintf("%s:%d", l.file, l.line) }

// An expectation is one // want comment of bodyclose's suite.
type expectation struct {
	at      loc
	pattern string // bodyclose's message, as the comment has it
	metBy   []*finding
}

// A finding is one of respbody's diagnostics.
type finding struct {
	at       loc
	col      int
	category string
	message  string
	related  []loc
	meets    []*expectation
}

func (f *finding) String() string {
	return fmt.Sprintf("%s:%d %s", f.at, f.col, f.category)
}

// source is the syntax of the suite's root packages, parsed here with
// comments for the // want comments and the assignments of the matching
// rule.
type source struct {
	fset  *token.FileSet
	files map[string]*ast.File // by loc.file
	lines map[string][]string  // the text of each file, by line (from 1)
}

// TestBodycloseSuite compares respbody with bodyclose's suite, with
// RESPBODY_DEBUG=1, so that an internal error panics instead of skipping
// the function it is in (the suite once found one: a/issue3.go's
// http.DefaultClient.Do(nil)).
func TestBodycloseSuite(t *testing.T) {
	t.Setenv("RESPBODY_DEBUG", "1")
	dir := os.Getenv(envVar)
	if dir == "" {
		t.Skipf("%s is not set: scripts/test-bodyclose-suite.sh downloads bodyclose's testdata from the Go module proxy and runs this test with it", envVar)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src")
	s := &source{fset: token.NewFileSet(), files: map[string]*ast.File{}, lines: map[string][]string{}}
	exps := map[loc]*expectation{}
	var finds []*finding
	for _, r := range runs {
		n := s.parse(t, src, r.pkg, exps)
		if n != r.wants {
			t.Fatalf("package %s has %d // want comments, want %d (bodyclose's suite at the pinned version): is %s bodyclose's testdata?", r.pkg, n, r.wants, dir)
		}
		finds = append(finds, runRespbody(t, dir, src, r.pkg, r.drain)...)
	}
	slices.SortFunc(finds, func(x, y *finding) int {
		if c := strings.Compare(x.at.file, y.at.file); c != 0 {
			return c
		}
		if x.at.line != y.at.line {
			return x.at.line - y.at.line
		}
		return x.col - y.col
	})
	for _, f := range finds {
		s.match(f, exps)
	}

	listed := readDivergences(t, "divergences.txt")
	observed := map[divKey][]any{} // the expectation or findings of each disagreement
	for _, e := range exps {
		if len(e.metBy) == 0 {
			k := divKey{e.at, bodycloseOnly}
			observed[k] = append(observed[k], e)
		}
	}
	for _, f := range finds {
		if len(f.meets) == 0 {
			k := divKey{f.at, respbodyOnly}
			observed[k] = append(observed[k], f)
		}
	}

	t.Log("\n" + table(s, exps, finds, listed))

	for _, k := range sortedKeys(observed) {
		if _, ok := listed[k]; ok {
			continue
		}
		var what string
		if k.kind == bodycloseOnly {
			e := observed[k][0].(*expectation)
			what = fmt.Sprintf("bodyclose expects %q on `%s`, and no respbody finding meets it", e.pattern, s.text(e.at))
		} else {
			var msgs []string
			for _, x := range observed[k] {
				f := x.(*finding)
				msgs = append(msgs, fmt.Sprintf("respbody reports %s: %q", f, f.message))
			}
			what = strings.Join(msgs, "; ") + ", which meets no expectation of bodyclose"
		}
		t.Errorf("%s %s, not in divergences.txt: %s (fix the disagreement, or add the line `%s %s <reason>`)", k.at, k.kind, what, k.at, k.kind)
	}
	for _, k := range sortedKeys(listed) {
		if _, ok := observed[k]; ok {
			continue
		}
		d := listed[k]
		var now string
		if e := exps[k.at]; k.kind == bodycloseOnly && e != nil {
			now = fmt.Sprintf("respbody now meets the expectation there (%s)", findingList(e.metBy))
		} else if k.kind == bodycloseOnly {
			now = "bodyclose has no expectation there"
		} else {
			now = "respbody reports nothing there that meets no expectation"
		}
		t.Errorf("divergences.txt:%d: %s %s no longer happens: %s; remove the line", d.lineNo, k.at, k.kind, now)
	}
}

// runRespbody runs respbody on pkg of the GOPATH-style tree dir with -drain
// set to drain, and returns its findings on pkg.
func runRespbody(t *testing.T, dir, src, pkg, drain string) []*finding {
	t.Helper()
	a := respbody.NewAnalyzer()
	if err := a.Flags.Set("drain", drain); err != nil {
		t.Fatal(err)
	}
	q := &quiet{}
	results := analysistest.Run(q, dir, a, pkg)
	if len(q.failures) > 0 {
		t.Fatalf("respbody on %s: %s", pkg, strings.Join(q.failures, "; "))
	}
	if len(results) != 1 {
		t.Fatalf("respbody on %s: %d results, want 1", pkg, len(results))
	}
	res := results[0]
	if res.Err != nil {
		t.Fatalf("respbody on %s: %v", pkg, res.Err)
	}
	var errs []string
	packages.Visit([]*packages.Package{res.Action.Package}, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			errs = append(errs, err.Error())
		}
	})
	if len(errs) > 0 {
		t.Fatalf("loading %s: %s", pkg, strings.Join(errs, "; "))
	}
	fset := res.Action.Package.Fset
	at := func(p token.Pos) (loc, int) {
		posn := fset.Position(p)
		rel, err := filepath.Rel(src, posn.Filename)
		if err != nil {
			t.Fatal(err)
		}
		return loc{filepath.ToSlash(rel), posn.Line}, posn.Column
	}
	var finds []*finding
	for _, d := range res.Diagnostics {
		f := &finding{category: d.Category, message: d.Message}
		f.at, f.col = at(d.Pos)
		for _, r := range d.Related {
			l, _ := at(r.Pos)
			f.related = append(f.related, l)
		}
		finds = append(finds, f)
	}
	return finds
}

// quiet is the analysistest.Testing of a run: it drops analysistest's
// comparison of respbody's findings (and facts) with the // want comments,
// whose patterns are bodyclose's messages, and keeps the errors that say
// the run itself failed.
type quiet struct{ failures []string }

func (q *quiet) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, prefix := range []string{"loading ", "Analyze: ", "error analyzing "} {
		if strings.HasPrefix(msg, prefix) {
			q.failures = append(q.failures, msg)
		}
	}
}

// parse parses the .go files of pkg, adds them to s and their // want
// comments to exps, and returns how many it found.
func (s *source) parse(t *testing.T, src, pkg string, exps map[loc]*expectation) int {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(src, pkg, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no Go files in %s", filepath.Join(src, pkg))
	}
	n := 0
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(s.fset, path, text, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		name := pkg + "/" + filepath.Base(path)
		s.files[name] = f
		s.lines[name] = append([]string{""}, strings.Split(string(text), "\n")...)
		for _, g := range f.Comments {
			for _, c := range g.List {
				rest, ok := strings.CutPrefix(c.Text, "// want ")
				if !ok {
					continue
				}
				pattern, err := strconv.Unquote(strings.TrimSpace(rest))
				if err != nil {
					t.Fatalf("%s: a // want comment this test cannot read: %s", s.fset.Position(c.Pos()), c.Text)
				}
				at := loc{name, s.fset.Position(c.Pos()).Line}
				if exps[at] != nil {
					t.Fatalf("%s: two // want comments on one line", at)
				}
				exps[at] = &expectation{at: at, pattern: pattern}
				n++
			}
		}
	}
	return n
}

// bodyName is the body a finding's message begins with: "resp.Body is ...".
var bodyName = regexp.MustCompile(`^([\pL_][\pL\pN_]*)\.Body\b`)

// match links f with the expectations it meets (the rule is in doc.go).
func (s *source) match(f *finding, exps map[loc]*expectation) {
	lines := append([]loc{f.at}, f.related...)
	if m := bodyName.FindStringSubmatch(f.message); m != nil {
		if l := s.assignedLine(f.at, m[1]); l > 0 {
			lines = append(lines, loc{f.at.file, l})
		}
	}
	for _, l := range lines {
		if e := exps[l]; e != nil && !slices.Contains(f.meets, e) {
			f.meets = append(f.meets, e)
			e.metBy = append(e.metBy, f)
		}
	}
}

// assignedLine returns the line of the last assignment to the variable name
// (on the left of = or :=, or named in a var declaration) at or before
// at.line, within the top-level function declaration that holds at; 0 if
// there is none.
func (s *source) assignedLine(at loc, name string) int {
	f := s.files[at.file]
	if f == nil {
		return 0
	}
	line := func(n ast.Node) int { return s.fset.Position(n.Pos()).Line }
	last := 0
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil || line(fn) > at.line || s.fset.Position(fn.End()).Line < at.line {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			var ids []*ast.Ident
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						ids = append(ids, id)
					}
				}
			case *ast.ValueSpec:
				ids = n.Names
			}
			for _, id := range ids {
				if l := line(id); id.Name == name && l <= at.line && l > last {
					last = l
				}
			}
			return true
		})
	}
	return last
}

// text returns the source line at l without its // want comment, trimmed.
func (s *source) text(l loc) string {
	lines := s.lines[l.file]
	if l.line <= 0 || l.line >= len(lines) {
		return ""
	}
	code, _, _ := strings.Cut(lines[l.line], "// want ")
	return strings.TrimSpace(code)
}

// divKey is one disagreement: where, and which way.
type divKey struct {
	at   loc
	kind string
}

// A divergence is a line of divergences.txt.
type divergence struct {
	lineNo int
	reason string
}

// readDivergences reads the accepted disagreements (the format is in
// doc.go).
func readDivergences(t *testing.T, path string) map[divKey]divergence {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	divs := map[divKey]divergence{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 3)
		if len(fields) < 3 || strings.TrimSpace(fields[2]) == "" {
			t.Fatalf("%s:%d: want <file>:<line> <%s|%s> <reason>, got %q", path, n, bodycloseOnly, respbodyOnly, line)
		}
		file, lineStr, ok := strings.Cut(fields[0], ":")
		l, err := strconv.Atoi(lineStr)
		if !ok || err != nil || l <= 0 {
			t.Fatalf("%s:%d: want <file>:<line>, got %q", path, n, fields[0])
		}
		if fields[1] != bodycloseOnly && fields[1] != respbodyOnly {
			t.Fatalf("%s:%d: want %s or %s, got %q", path, n, bodycloseOnly, respbodyOnly, fields[1])
		}
		k := divKey{loc{file, l}, fields[1]}
		if d, dup := divs[k]; dup {
			t.Fatalf("%s:%d: %s %s is listed on line %d already", path, n, k.at, k.kind, d.lineNo)
		}
		divs[k] = divergence{lineNo: n, reason: strings.TrimSpace(fields[2])}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return divs
}

// table renders every expectation and every respbody-only finding, and the
// counts.
func table(s *source, exps map[loc]*expectation, finds []*finding, listed map[divKey]divergence) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	status := func(k divKey) (string, string) {
		if d, ok := listed[k]; ok {
			return k.kind + " (listed)", d.reason
		}
		return k.kind + " (NOT LISTED)", ""
	}
	met := 0
	fmt.Fprintln(w, "bodyclose's expectation\tresult\twhy")
	for _, at := range sortedKeys(exps) {
		e := exps[at]
		if len(e.metBy) > 0 {
			met++
			fmt.Fprintf(w, "%s %q\tmet\tby %s\n", at, e.pattern, findingList(e.metBy))
			continue
		}
		st, why := status(divKey{at, bodycloseOnly})
		fmt.Fprintf(w, "%s %q\t%s\t%s\n", at, e.pattern, st, why)
	}
	fmt.Fprintln(w, "\t\t")
	fmt.Fprintln(w, "respbody's finding that meets none\tresult\twhy")
	for _, f := range finds {
		if len(f.meets) > 0 {
			continue
		}
		st, why := status(divKey{f.at, respbodyOnly})
		fmt.Fprintf(w, "%s %q\t%s\t%s\n", f, shorten(f.message, 60), st, why)
	}
	w.Flush()
	fmt.Fprintf(&b, "%d of %d expectations met, %d divergences listed\n", met, len(exps), len(listed))
	return b.String()
}

func findingList(fs []*finding) string {
	var ss []string
	for _, f := range fs {
		ss = append(ss, f.String())
	}
	return strings.Join(ss, ", ")
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}

// sortedKeys returns the keys of m by file, line (and kind).
func sortedKeys[K interface{ loc | divKey }, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	key := func(k K) divKey {
		switch k := any(k).(type) {
		case loc:
			return divKey{at: k}
		case divKey:
			return k
		}
		panic("unreachable")
	}
	slices.SortFunc(keys, func(x, y K) int {
		a, b := key(x), key(y)
		if c := strings.Compare(a.at.file, b.at.file); c != 0 {
			return c
		}
		if a.at.line != b.at.line {
			return a.at.line - b.at.line
		}
		return strings.Compare(a.kind, b.kind)
	})
	return keys
}
