package respbody

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// This file builds the suggested fixes. A fix is offered only where it is
// right on every path the diagnostic speaks of and compiles as written;
// elsewhere the diagnostic stands alone.
//
// The drain is bounded: io.CopyN(io.Discard, body, 256<<10). Draining costs
// bandwidth and time, and a deferred drain of an endless stream would never
// return; 256 KiB is the amount Go 1.27 itself reads on Close before giving
// up on the connection, so the fix keeps every connection the runtime would
// keep, and never reads more than it would.

// drainLimit is the bound of the drain the fixes insert.
const drainLimit = "256<<10"

// A fixSite is the syntax around a diagnostic: its file, the path of nodes
// from the file down to the node, and the file's source.
type fixSite struct {
	c    *checker
	file *ast.File
	path []ast.Node
	src  []byte
}

// site finds the syntax enclosing [pos, end).
func (c *checker) site(pos, end token.Pos) *fixSite {
	if !pos.IsValid() || !end.IsValid() || c.skipGenerated && c.inGenerated(pos) {
		return nil
	}
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && end <= f.FileEnd {
			if cgoOutput(f) {
				// Its bytes are not the author's file's: an edit
				// would land elsewhere.
				return nil
			}
			path, _ := astutil.PathEnclosingInterval(f, pos, end)
			src := c.source(f)
			if src == nil || len(path) == 0 {
				return nil
			}
			return &fixSite{c: c, file: f, path: path, src: src}
		}
	}
	return nil
}

// source returns the source of file f, read once per pass, or nil when it
// cannot be read or no longer matches the syntax (a file changed since it
// was parsed).
func (c *checker) source(f *ast.File) []byte {
	if src, ok := c.sources[f]; ok {
		return src
	}
	tf := c.pass.Fset.File(f.FileStart)
	read := c.pass.ReadFile
	if read == nil {
		// A driver that leaves Pass.ReadFile unset (rules_go's nogo,
		// v0.65.0): the file is the package's own, named by its syntax.
		read = os.ReadFile
	}
	src, err := read(tf.Name())
	if err != nil || len(src) != tf.Size() {
		src = nil
	}
	if c.sources == nil {
		c.sources = make(map[*ast.File][]byte)
	}
	c.sources[f] = src
	return src
}

// text returns the source of a node.
func (s *fixSite) text(n ast.Node) string {
	tf := s.c.pass.Fset.File(n.Pos())
	return string(s.src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// indent returns the white space that starts the line holding pos.
func (s *fixSite) indent(pos token.Pos) string {
	tf := s.c.pass.Fset.File(pos)
	off := tf.Offset(pos)
	start := bytes.LastIndexByte(s.src[:off], '\n') + 1
	line := s.src[start:off]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}

// ioName returns the name by which code at pos can refer to package io,
// and the edit that imports it if the file does not yet. ok is false when
// there is no safe name (a dot import, or a local io that shadows it).
func (s *fixSite) ioName(pos token.Pos) (name string, edits []analysis.TextEdit, ok bool) {
	scope := s.c.pass.TypesInfo.Scopes[s.file]
	if scope != nil {
		scope = scope.Innermost(pos)
	}
	refersToIO := func(name string) bool {
		if scope == nil {
			return false
		}
		_, obj := scope.LookupParent(name, pos)
		pn, isPkg := obj.(*types.PkgName)
		return isPkg && pn.Imported().Path() == "io"
	}
	for _, imp := range s.file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path != "io" {
			continue
		}
		switch {
		case imp.Name == nil:
			name = "io"
		case imp.Name.Name == "." || imp.Name.Name == "_":
			continue
		default:
			name = imp.Name.Name
		}
		return name, nil, refersToIO(name)
	}
	// Not imported: "io" must not name anything else where it is used.
	if scope != nil {
		if _, obj := scope.LookupParent("io", pos); obj != nil {
			return "", nil, false
		}
	}
	return "io", []analysis.TextEdit{s.importIO()}, true
}

// importIO returns the edit that adds `"io"` to the file's imports, in
// sorted position within the first import block when there is one.
func (s *fixSite) importIO() analysis.TextEdit {
	for _, decl := range s.file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if !gd.Lparen.IsValid() {
			// import "x" becomes a block holding both, sorted.
			spec := s.text(gd.Specs[0])
			lines := []string{"\"io\"", spec}
			if path, _ := strconv.Unquote(gd.Specs[0].(*ast.ImportSpec).Path.Value); path < "io" {
				lines[0], lines[1] = spec, "\"io\""
			}
			return analysis.TextEdit{Pos: gd.Pos(), End: gd.End(), NewText: []byte("import (\n\t" + strings.Join(lines, "\n\t") + "\n)")}
		}
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if path, _ := strconv.Unquote(is.Path.Value); path > "io" {
				p := is.Pos()
				return analysis.TextEdit{Pos: p, End: p, NewText: []byte("\"io\"\n" + s.indent(p))}
			}
		}
		if n := len(gd.Specs); n > 0 {
			last := gd.Specs[n-1]
			return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n" + s.indent(last.Pos()) + "\"io\"")}
		}
		p := gd.Lparen + 1
		return analysis.TextEdit{Pos: p, End: p, NewText: []byte("\n\t\"io\"\n")}
	}
	p := s.file.Name.End()
	return analysis.TextEdit{Pos: p, End: p, NewText: []byte("\n\nimport \"io\"")}
}

// enclosing returns the innermost node of the path (from index from on)
// that satisfies match.
func (s *fixSite) enclosing(from int, match func(ast.Node) bool) (ast.Node, int) {
	for i := from; i < len(s.path); i++ {
		if match(s.path[i]) {
			return s.path[i], i
		}
	}
	return nil, -1
}

// inLoop reports whether the node at path index i sits in a loop of its own
// function.
func (s *fixSite) inLoop(i int) bool {
	for ; i < len(s.path); i++ {
		switch s.path[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// nextStmt returns the statement that follows stmt in its block.
func nextStmt(parent ast.Node, stmt ast.Stmt) ast.Stmt {
	var list []ast.Stmt
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	for i, st := range list {
		if st == stmt && i+1 < len(list) {
			return list[i+1]
		}
	}
	return nil
}

// inList reports whether stmt is directly in a statement list (so that a
// statement can be inserted before or after it).
func inList(parent ast.Node) bool {
	switch parent.(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}

// unclosedFix returns the fix for a source whose body leaks: right after the
// `if err != nil { ... }` that follows the assignment, close the body with
// defer (draining first, if drains are checked). It returns nil where that
// would be wrong: the response is handed off on some path (the defer would
// close what the caller now owns), the call sits in a loop (defers pile up),
// or the code is not of that shape.
func (fa *funcAnalysis) unclosedFix(ev *events, o *obligation, obl int, exits []ssa.Instruction, pos, end token.Pos) []analysis.SuggestedFix {
	if o.name == "" || o.call == nil || fa.handedOff(ev, obl) {
		return nil
	}
	s := fa.c.site(pos, end)
	if s == nil {
		return nil
	}
	assign, ai := s.enclosing(0, func(n ast.Node) bool { _, ok := n.(*ast.AssignStmt); return ok })
	if assign == nil || ai+1 >= len(s.path) || !inList(s.path[ai+1]) || s.inLoop(ai) {
		return nil
	}
	as := assign.(*ast.AssignStmt)
	if len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]).Pos() != pos || o.result >= len(as.Lhs) {
		return nil
	}
	id, ok := as.Lhs[o.result].(*ast.Ident)
	if !ok || id.Name != o.name {
		return nil
	}
	check, ok := nextStmt(s.path[ai+1], as).(*ast.IfStmt)
	if !ok || !isErrCheck(check, as) || !terminates(check.Body) {
		return nil
	}
	for _, x := range exits {
		if p := exitPos(x); check.Pos() <= p && p < check.End() {
			// The body leaks inside the check (it comes with the error):
			// a close after it would not help.
			return nil
		}
	}
	body := o.name + ".Body"
	owner := o.owner()
	if o.kind == kBody && !owner {
		// The deferred closure takes an io.ReadCloser.
		if t := fa.c.pass.TypesInfo.TypeOf(id); t == nil || !isNamed(t, "io", "ReadCloser") {
			return nil
		}
		body = o.name
	}
	if owner {
		body = o.name
	}
	indent := s.indent(check.Pos())
	var text string
	var edits []analysis.TextEdit
	if fa.c.drain && !owner {
		io, importEdits, ok := s.ioName(check.End())
		if !ok {
			return nil
		}
		edits = importEdits
		text = drainCloseDefer(io, body, indent)
	} else {
		text = "defer " + body + ".Close()"
	}
	edits = append(edits, analysis.TextEdit{Pos: check.End(), End: check.End(), NewText: []byte("\n" + indent + text)})
	title := fmt.Sprintf("Add defer %s.Close() after the error check", body)
	if fa.c.drain && !owner {
		title = fmt.Sprintf("Add a deferred drain (up to 256 KiB) and close of %s after the error check", body)
	}
	return []analysis.SuggestedFix{{Message: title, TextEdits: edits}}
}

// drainCloseDefer is a deferred call that drains and closes body, which is
// evaluated at the defer statement, as `defer body.Close()` would be.
func drainCloseDefer(io, body, indent string) string {
	return fmt.Sprintf("defer func(body %s.ReadCloser) {\n%s\t_, _ = %s.CopyN(%s.Discard, body, %s)\n%s\t_ = body.Close()\n%s}(%s)",
		io, indent, io, io, drainLimit, indent, indent, body)
}

// isErrCheck reports whether st is `if err != nil {...}` (no init, no else)
// for the error assigned by as.
func isErrCheck(st *ast.IfStmt, as *ast.AssignStmt) bool {
	if st.Init != nil || st.Else != nil {
		return false
	}
	be, ok := ast.Unparen(st.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return false
	}
	x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		x, y = y, x
	}
	errID, ok := x.(*ast.Ident)
	if nilID, isID := y.(*ast.Ident); !ok || !isID || nilID.Name != "nil" {
		return false
	}
	last, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	return ok && last.Name == errID.Name && len(as.Lhs) > 1
}

// terminates reports whether a block always leaves: it ends in a return or
// a panic.
func terminates(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch st := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// handedOff reports whether the obligation escapes, or is returned, on any
// path, or is captured by a closure: a deferred close would then close what
// someone else owns.
func (fa *funcAnalysis) handedOff(ev *events, obl int) bool {
	escapes := func(evs []event) bool {
		for _, e := range evs {
			keeps := (e.op == opApply || e.op == opDeferApply) && e.set&sEscaped != 0
			if e.op != opEscape && e.op != opExit && !keeps {
				continue
			}
			for _, x := range e.obls {
				if x == obl {
					return true
				}
			}
		}
		return false
	}
	for _, evs := range ev.blocks {
		if escapes(evs) {
			return true
		}
	}
	for _, evs := range ev.edges {
		if escapes(evs) {
			return true
		}
	}
	for v, refs := range fa.refs {
		_, captured := v.(*ssa.Alloc)
		for _, r := range refs {
			if r.obl == obl && (r.kind == kClosure || (r.cell && captured)) {
				return true
			}
		}
	}
	return false
}

// undrainedFix returns the fix for a close that runs before the body was
// read to EOF: a bounded drain just before an explicit close, or a deferred
// drain-then-close in place of `defer body.Close()`. Closes by helpers and
// deferred closures get no fix.
func (fa *funcAnalysis) undrainedFix(at ssa.Instruction, via string, pos, end token.Pos) []analysis.SuggestedFix {
	if via != "" {
		return nil
	}
	s := fa.c.site(pos, end)
	if s == nil {
		return nil
	}
	if d, ok := s.path[0].(*ast.DeferStmt); ok {
		return fa.deferFix(s, d)
	}
	call, ok := s.path[0].(*ast.CallExpr)
	if !ok {
		return nil
	}
	body, ok := closeReceiver(call)
	if !ok {
		return nil
	}
	// The statement holding the close: x.Close(); _ = x.Close();
	// err = x.Close(); or if err := x.Close(); ... (drain before the if).
	var stmt ast.Stmt
	for i := 1; i < len(s.path) && stmt == nil; i++ {
		switch n := s.path[i].(type) {
		case *ast.ExprStmt, *ast.AssignStmt:
			stmt = n.(ast.Stmt)
			if i+1 < len(s.path) {
				if ifs, ok := s.path[i+1].(*ast.IfStmt); ok && ifs.Init == stmt {
					stmt = ifs
					i++
				}
			}
			if i+1 >= len(s.path) || !inList(s.path[i+1]) {
				return nil
			}
		case *ast.FuncLit, *ast.FuncDecl, ast.Stmt:
			return nil
		}
	}
	if stmt == nil {
		return nil
	}
	io, edits, ok := s.ioName(stmt.Pos())
	if !ok {
		return nil
	}
	text := fmt.Sprintf("_, _ = %s.CopyN(%s.Discard, %s, %s)\n%s", io, io, s.text(body), drainLimit, s.indent(stmt.Pos()))
	edits = append(edits, analysis.TextEdit{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text)})
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Insert _, _ = %s.CopyN(%s.Discard, %s, %s) before the close", io, io, s.text(body), drainLimit),
		TextEdits: edits,
	}}
}

// deferFix replaces `defer body.Close()` by a deferred drain-then-close of
// the same body, evaluated at the same moment.
func (fa *funcAnalysis) deferFix(s *fixSite, d *ast.DeferStmt) []analysis.SuggestedFix {
	body, ok := closeReceiver(d.Call)
	if !ok || len(s.path) < 2 || !inList(s.path[1]) {
		return nil
	}
	t := fa.c.pass.TypesInfo.TypeOf(body)
	if t == nil || !isNamed(t, "io", "ReadCloser") {
		return nil
	}
	io, edits, ok := s.ioName(d.Pos())
	if !ok {
		return nil
	}
	text := drainCloseDefer(io, s.text(body), s.indent(d.Pos()))
	edits = append(edits, analysis.TextEdit{Pos: d.Pos(), End: d.End(), NewText: []byte(text)})
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Replace defer %s.Close() with a deferred drain (up to 256 KiB) and close", s.text(body)),
		TextEdits: edits,
	}}
}

// closeReceiver returns x for a call x.Close() with no arguments.
func closeReceiver(call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" || len(call.Args) != 0 {
		return nil, false
	}
	return sel.X, isPlainPath(sel.X)
}

// isPlainPath reports whether x is a name or a chain of field selections
// (resp.Body, c.resp.Body): an expression that can be repeated without
// side effects.
func isPlainPath(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPlainPath(x.X)
	}
	return false
}

// closeDeletion returns the edit that deletes the statement that closes a
// body at instr, when it is a statement of its own on its own lines
// (resp.Body.Close(), _ = resp.Body.Close(), defer resp.Body.Close()):
// the deferred drain-and-close an unclosed fix inserts takes its place.
func (fa *funcAnalysis) closeDeletion(instr ssa.Instruction) (analysis.TextEdit, bool) {
	pos, end := fa.c.syntax.span(instr)
	s := fa.c.site(pos, end)
	if s == nil {
		return analysis.TextEdit{}, false
	}
	var stmt ast.Stmt
	switch n := s.path[0].(type) {
	case *ast.DeferStmt:
		if _, ok := closeReceiver(n.Call); ok {
			stmt = n
		}
	case *ast.CallExpr:
		if _, ok := closeReceiver(n); !ok || len(s.path) < 2 {
			break
		}
		switch p := s.path[1].(type) {
		case *ast.ExprStmt:
			stmt = p
		case *ast.AssignStmt:
			if id, ok := p.Lhs[0].(*ast.Ident); ok && len(p.Lhs) == 1 && id.Name == "_" {
				stmt = p
			}
		}
	}
	if stmt == nil {
		return analysis.TextEdit{}, false
	}
	tf := fa.c.pass.Fset.File(stmt.Pos())
	start, stop := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	lineStart := bytes.LastIndexByte(s.src[:start], '\n') + 1
	lineEnd := stop + bytes.IndexByte(s.src[stop:], '\n')
	rest := bytes.TrimSpace(s.src[stop:max(lineEnd, stop)])
	if lineEnd < stop || len(bytes.TrimSpace(s.src[lineStart:start])) > 0 || (len(rest) > 0 && !bytes.HasPrefix(rest, []byte("//"))) {
		return analysis.TextEdit{}, false // not alone on its line (a comment after it goes with it)
	}
	return analysis.TextEdit{Pos: tf.Pos(lineStart), End: tf.Pos(lineEnd + 1)}, true
}

// oneFix makes the fixes of one body's findings safe to apply together.
// When the body leaks (its fix inserts a deferred drain-and-close) and is
// also closed unread (each fix drains before its close), applying both
// would drain and close it twice: the unclosed fix deletes those closes
// instead, and the undrained findings keep no fix of their own. Where a
// close cannot be deleted cleanly, the unclosed finding gives up its fix.
func (fa *funcAnalysis) oneFix(d *analysis.Diagnostic, undrained []analysis.Diagnostic, closes []ssa.Instruction) {
	if len(d.SuggestedFixes) == 0 || len(undrained) == 0 {
		return
	}
	fix := &d.SuggestedFixes[0]
	for _, c := range closes {
		del, ok := fa.closeDeletion(c)
		if !ok {
			d.SuggestedFixes = nil
			return
		}
		fix.TextEdits = append(fix.TextEdits, del)
	}
	fix.Message += ", in place of the closes that come before a drain"
	for i := range undrained {
		undrained[i].SuggestedFixes = nil
	}
}

// deferInLoopFix moves a deferred x.Close() to the end of the loop body it
// is directly in, where that closes on every path of the iteration: no
// statement after it in the body can leave the iteration early (return,
// break, continue, goto, a label), and nothing after it assigns to the
// variable the receiver names. Otherwise it returns nil.
func (fa *funcAnalysis) deferInLoopFix(pos, end token.Pos) *analysis.SuggestedFix {
	s := fa.c.site(pos, end)
	if s == nil || len(s.path) < 3 {
		return nil
	}
	d, ok := s.path[0].(*ast.DeferStmt)
	if !ok || len(d.Call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" {
		return nil
	}
	root := rootIdent(sel.X)
	if root == nil {
		return nil
	}
	obj := fa.c.pass.TypesInfo.Uses[root]
	body, ok := s.path[1].(*ast.BlockStmt)
	if !ok || obj == nil {
		return nil
	}
	switch loop := s.path[2].(type) {
	case *ast.ForStmt:
		ok = loop.Body == body
	case *ast.RangeStmt:
		ok = loop.Body == body
	default:
		ok = false
	}
	if !ok {
		return nil
	}
	after := -1
	for i, st := range body.List {
		if st == ast.Stmt(d) {
			after = i + 1
		}
	}
	if after < 0 {
		return nil
	}
	for _, st := range body.List[after:] {
		if leavesOrAssigns(st, obj, fa.c.pass.TypesInfo) {
			return nil
		}
	}
	fset := fa.c.pass.Fset
	tf := fset.File(pos)
	// The defer must be alone on its line, and the brace that ends the
	// body on a line of its own.
	dl, rl := tf.Line(d.Pos()), tf.Line(body.Rbrace)
	if dl == rl || s.indent(d.Pos()) != lineBefore(s, d.Pos()) || s.indent(body.Rbrace) != lineBefore(s, body.Rbrace) {
		return nil
	}
	if n := len(body.List); tf.Line(body.List[n-1].End()) == rl {
		return nil
	}
	if tf.Line(d.End()) != dl || dl >= tf.LineCount() {
		return nil
	}
	next := tf.LineStart(dl + 1)
	del := analysis.TextEdit{Pos: tf.LineStart(dl), End: next}
	switch rest := s.src[tf.Offset(d.End()):tf.Offset(next)]; {
	case len(trimSpace(rest)) == 0:
	case strings.HasPrefix(strings.TrimLeft(string(rest), " \t"), "//"):
		// A comment ends the line: it stays, the defer goes.
		del = analysis.TextEdit{Pos: d.Pos(), End: d.End()}
	default:
		return nil
	}
	insert := tf.LineStart(rl)
	return &analysis.SuggestedFix{
		Message: "Close the body at the end of each iteration, in place of the deferred close",
		TextEdits: []analysis.TextEdit{
			del,
			{Pos: insert, End: insert, NewText: []byte(s.indent(d.Pos()) + s.text(d.Call) + "\n")},
		},
	}
}

// lineBefore returns the source between the start of pos's line and pos.
func lineBefore(s *fixSite, pos token.Pos) string {
	tf := s.c.pass.Fset.File(pos)
	start := tf.LineStart(tf.Line(pos))
	return string(s.src[tf.Offset(start):tf.Offset(pos)])
}

// trimSpace returns b without spaces, tabs and line ends.
func trimSpace(b []byte) []byte {
	out := b[:0:0]
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			out = append(out, c)
		}
	}
	return out
}

// rootIdent returns the variable an expression such as resp.Body starts
// from, or nil for any other expression.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// leavesOrAssigns reports whether the statement, outside the function
// literals it holds, can leave the iteration other than by its end
// (return, break, continue, goto, a labeled statement), or assigns to
// obj.
func leavesOrAssigns(st ast.Stmt, obj types.Object, info *types.Info) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt, *ast.LabeledStmt:
			found = true
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && (info.Uses[id] == obj || info.Defs[id] == obj) {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == obj {
				found = true
			}
		case *ast.CallExpr:
			// panic, or a call that never returns, ends the iteration
			// too; the function unwinds, and the deferred close would
			// have run. Not offered then.
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
				found = true
			}
		}
		return !found
	})
	return found
}
