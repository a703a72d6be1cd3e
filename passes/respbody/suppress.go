package respbody

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Suppression: a finding is dropped where the code says, with a reason, that
// it is deliberate. Two forms are honoured, each with the semantics of the
// tool that defined it, so that a directive means the same under every
// driver (the command, go vet, go fix, golangci-lint, nogo):
//
//   - golangci-lint's //nolint:respbody (or //nolint:all, or a bare //nolint;
//     a list such as //nolint:errcheck,respbody; an explanation after a
//     second //, which golangci-lint leaves optional). It covers the lines of
//     its comment group and, when the group ends on the line before a node
//     that starts in the same column, that whole node: above a statement,
//     the statement; above a function, the function.
//   - staticcheck's //lint:ignore respbody reason, which covers the line of
//     the node the comment belongs to (the statement it ends or precedes),
//     and //lint:file-ignore respbody reason, which covers its file. The
//     reason is required: without one the directive is ignored, and the
//     finding says so.
//
// golangci-lint reads //nolint itself (and its nolintlint reports
// directives that silenced nothing), so its plugin turns the first form off
// here with -nolint=false.
//
// With -bodyclose-nolint, a //nolint that names bodyclose (//nolint:bodyclose,
// or a list with it) also silences the unclosed findings it covers, with
// the same reach: the lines a team silenced for bodyclose stay quiet when it
// switches to respbody, and the count of findings so silenced is printed,
// for cleaning up later. A bare //nolint or //nolint:all is respbody's own
// (above), not bodyclose's.

// A suppressor decides, for one package, which findings directives silence.
// Files are read the first time a finding falls in them.
type suppressor struct {
	pass      *analysis.Pass
	nolint    bool // honour //nolint
	bodyclose bool // honour //nolint:bodyclose for unclosed findings
	files     map[*ast.File]*fileDirectives
	// bodycloseSilenced counts the findings //nolint:bodyclose silenced.
	bodycloseSilenced int
}

// fileDirectives are the directives of one file that name respbody.
type fileDirectives struct {
	nolint      []lineRange
	bodyclose   []lineRange  // lines a //nolint:bodyclose covers
	ignoreLines map[int]bool // lines a //lint:ignore covers
	unreasoned  map[int]bool // lines a //lint:ignore without a reason would cover
	fileIgnore  bool         // a //lint:file-ignore with a reason
	fileNoWhy   bool         // a //lint:file-ignore without one
}

// lineRange is an inclusive range of lines.
type lineRange struct{ from, to int }

func newSuppressor(pass *analysis.Pass, nolint, bodyclose bool) *suppressor {
	return &suppressor{pass: pass, nolint: nolint, bodyclose: bodyclose, files: make(map[*ast.File]*fileDirectives)}
}

// suppressed reports whether a directive silences d. When a staticcheck
// directive meant for d lacks its reason, d stays and its message says why.
func (s *suppressor) suppressed(d *analysis.Diagnostic) bool {
	f := s.fileOf(d.Pos)
	if f == nil {
		return false
	}
	dirs, ok := s.files[f]
	if !ok {
		dirs = s.read(f)
		s.files[f] = dirs
	}
	if dirs == nil {
		return false
	}
	line := s.pass.Fset.Position(d.Pos).Line
	for _, r := range dirs.nolint {
		if r.from <= line && line <= r.to {
			return true
		}
	}
	if dirs.fileIgnore || dirs.ignoreLines[line] {
		return true
	}
	if d.Category == CategoryUnclosed {
		for _, r := range dirs.bodyclose {
			if r.from <= line && line <= r.to {
				s.bodycloseSilenced++
				return true
			}
		}
	}
	if dirs.fileNoWhy || dirs.unreasoned[line] {
		d.Message += " (a //lint:ignore directive names respbody here but gives no reason, so it is ignored: write //lint:ignore respbody <reason>)"
	}
	return false
}

func (s *suppressor) fileOf(pos token.Pos) *ast.File {
	for _, f := range s.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// read collects the directives of f that name respbody; nil if none.
func (s *suppressor) read(f *ast.File) *fileDirectives {
	fset := s.pass.Fset
	dirs := &fileDirectives{ignoreLines: make(map[int]bool), unreasoned: make(map[int]bool)}
	var nolints, bodycloses []nolintRange
	var staticcheck bool
	for _, g := range f.Comments {
		start := fset.Position(g.Pos())
		r := nolintRange{lineRange: lineRange{start.Line, fset.Position(g.End()).Line}, col: start.Column}
		for _, c := range g.List {
			if s.nolint && nolintNames(c.Text, "respbody", true) {
				nolints = append(nolints, r)
			}
			if s.bodyclose && nolintNames(c.Text, "bodyclose", false) {
				bodycloses = append(bodycloses, r)
			}
			if strings.HasPrefix(c.Text, "//lint:") {
				staticcheck = true
			}
		}
	}
	if len(nolints) == 0 && len(bodycloses) == 0 && !staticcheck {
		return nil
	}
	dirs.nolint = expandNolint(fset, f, nolints)
	dirs.bodyclose = expandNolint(fset, f, bodycloses)
	if staticcheck {
		s.readLintDirectives(f, dirs)
	}
	return dirs
}

// nolintRange is a //nolint comment group's lines and its column.
type nolintRange struct {
	lineRange
	col int
}

// nolintPattern is golangci-lint's test for a //nolint comment, applied
// after it trims the leading slashes and spaces.
var nolintPattern = regexp.MustCompile(`^nolint( |:|$)`)

// nolintNames reports whether the comment text is a //nolint directive
// that covers the linter name, as golangci-lint's nolint filter reads it;
// a bare //nolint or //nolint:all covers it only when all is true.
func nolintNames(text, name string, all bool) bool {
	text = strings.TrimLeft(text, "/ ")
	if !nolintPattern.MatchString(text) {
		return false
	}
	if strings.HasPrefix(text, "nolint:all") || !strings.HasPrefix(text, "nolint:") {
		return all // every linter
	}
	text, _, _ = strings.Cut(text, "//") // the explanation
	for item := range strings.SplitSeq(strings.TrimPrefix(text, "nolint:"), ",") {
		switch strings.ToLower(strings.TrimSpace(item)) {
		case "all":
			return all
		case name:
			return true
		}
	}
	return false
}

// expandNolint extends each range whose comment group ends on the line
// before a node that starts in the group's column to the node's last line,
// as golangci-lint does.
func expandNolint(fset *token.FileSet, f *ast.File, ranges []nolintRange) []lineRange {
	out := make([]lineRange, 0, len(ranges))
	for _, r := range ranges {
		out = append(out, r.lineRange)
	}
	if len(ranges) == 0 {
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		start := fset.Position(n.Pos())
		for i, r := range ranges {
			if r.to == start.Line-1 && r.col == start.Column {
				if end := fset.Position(n.End()).Line; end > out[i].to {
					out[i].to = end
				}
			}
		}
		return true
	})
	return out
}

// readLintDirectives records the //lint:ignore and //lint:file-ignore
// directives of f that name respbody. As in staticcheck, a //lint:ignore
// covers the first line of the node its comment group belongs to
// (ast.CommentMap), and a check name may be a glob (filepath.Match,
// case-insensitive).
func (s *suppressor) readLintDirectives(f *ast.File, dirs *fileDirectives) {
	fset := s.pass.Fset
	for node, groups := range ast.NewCommentMap(fset, f, f.Comments) {
		for _, g := range groups {
			for _, c := range g.List {
				cmd, args, ok := strings.Cut(strings.TrimPrefix(c.Text, "//lint:"), " ")
				if !strings.HasPrefix(c.Text, "//lint:") || (cmd != "ignore" && cmd != "file-ignore") {
					continue
				}
				fields := strings.Split(args, " ")
				if !ok || !checksNameRespbody(fields[0]) {
					continue
				}
				reasoned := len(fields) >= 2
				line := fset.Position(node.Pos()).Line
				switch {
				case cmd == "file-ignore" && reasoned:
					dirs.fileIgnore = true
				case cmd == "file-ignore":
					dirs.fileNoWhy = true
				case reasoned:
					dirs.ignoreLines[line] = true
				default:
					dirs.unreasoned[line] = true
				}
			}
		}
	}
}

// checksNameRespbody reports whether a staticcheck directive's
// comma-separated check list matches respbody.
func checksNameRespbody(list string) bool {
	for check := range strings.SplitSeq(list, ",") {
		if ok, _ := filepath.Match(strings.ToLower(check), "respbody"); ok {
			return true
		}
	}
	return false
}
