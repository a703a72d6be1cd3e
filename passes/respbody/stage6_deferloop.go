package respbody

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Stage 6 (defers in loops): a close deferred inside the loop that obtains
// the body runs only when the function returns, so every iteration's body
// stays open until then: N iterations hold N bodies, and N connections
// when they are unread (with Transport.MaxConnsPerHost the loop can wait
// forever for a connection that only the function's return frees).

// deferredInLoop reports each deferred close of a body obtained in the
// same loop as the defer statement.
//
// Where its fix moves the close, the other findings at the same defer give
// up theirs (a drain added to the deferred call would conflict): once the
// close is moved, the next run says what that close still lacks.
func (fa *funcAnalysis) deferredInLoop(ev *events, others []analysis.Diagnostic) []analysis.Diagnostic {
	var lp *loops
	type key struct {
		obl   int
		instr ssa.Instruction
	}
	seen := make(map[key]bool)
	var diags []analysis.Diagnostic
	for _, evs := range ev.blocks {
		for _, e := range evs {
			d, ok := e.instr.(*ssa.Defer)
			if !ok || !deferCloses(e) {
				continue
			}
			for _, obl := range e.obls {
				o := fa.obls[obl]
				if o.call == nil || !o.reported() || seen[key{obl, d}] {
					continue
				}
				if lp == nil {
					lp = findLoops(fa.fn.Blocks)
				}
				c := lp.comp[d.Block().Index]
				if !lp.cyclic[c] || lp.comp[o.call.Block().Index] != c {
					continue
				}
				seen[key{obl, d}] = true
				dl := fa.deferInLoopDiag(o, d)
				if len(dl.SuggestedFixes) > 0 {
					for i := range others {
						if others[i].Pos == dl.Pos {
							others[i].SuggestedFixes = nil
						}
					}
				}
				diags = append(diags, dl)
			}
		}
	}
	return diags
}

// deferCloses reports whether a deferred event closes the body.
func deferCloses(e event) bool {
	switch e.op {
	case opDeferClose, opDeferCloseRead, opCloseOnErr, opDrainOnErr:
		return true
	case opDeferApply:
		return e.set&(sClosed|sClosedUnread|sDeferred|sDeferredRead|sDeferredDrain) != 0
	}
	return false
}

func (fa *funcAnalysis) deferInLoopDiag(o *obligation, d *ssa.Defer) analysis.Diagnostic {
	pos, end := fa.c.syntax.span(d)
	diag := analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryUnclosed,
		Message: fmt.Sprintf("%s is closed by a call deferred inside the loop that obtains it: the close runs only when the function returns, so every iteration's body stays open until then (N iterations hold N bodies, and N connections when unread; with MaxConnsPerHost the loop can wait forever); close it at the end of each iteration",
			o.subject()),
	}
	if fix := fa.deferInLoopFix(pos, end); fix != nil {
		diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	return diag
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
