package respbody

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A syntaxIndex maps the positions SSA records (a call's Lparen, a defer's
// keyword, a return's keyword) back to the syntax, so that diagnostics can
// cover whole expressions and name the variables involved. A file is
// indexed the first time a position in it is looked up: most files of most
// packages hold no response.
type syntaxIndex struct {
	files   []*ast.File
	indexed map[*ast.File]bool
	calls   map[token.Pos]*ast.CallExpr
	stmts   map[token.Pos]ast.Stmt       // defer and return statements by keyword
	lhs     map[*ast.CallExpr][]ast.Expr // the left-hand side a call is assigned to
}

func indexSyntax(files []*ast.File) *syntaxIndex {
	return &syntaxIndex{
		files:   files,
		indexed: make(map[*ast.File]bool),
		calls:   make(map[token.Pos]*ast.CallExpr),
		stmts:   make(map[token.Pos]ast.Stmt),
		lhs:     make(map[*ast.CallExpr][]ast.Expr),
	}
}

// ensure indexes the file that holds pos.
func (ix *syntaxIndex) ensure(pos token.Pos) {
	for _, f := range ix.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if !ix.indexed[f] {
				ix.indexed[f] = true
				ix.indexFile(f)
			}
			return
		}
	}
}

func (ix *syntaxIndex) indexFile(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			ix.calls[n.Lparen] = n
		case *ast.DeferStmt:
			ix.stmts[n.Defer] = n
		case *ast.ReturnStmt:
			ix.stmts[n.Return] = n
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
					ix.lhs[call] = n.Lhs
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 {
				if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
					lhs := make([]ast.Expr, len(n.Names))
					for i, id := range n.Names {
						lhs[i] = id
					}
					ix.lhs[call] = lhs
				}
			}
		}
		return true
	})
}

// callAt returns the call expression whose Lparen is at pos.
func (ix *syntaxIndex) callAt(pos token.Pos) *ast.CallExpr {
	ix.ensure(pos)
	return ix.calls[pos]
}

// sourceNames returns the name of the variable that receives result i of a
// source call ("" if none, or the blank identifier), and how the call names
// its callee ("http.Get", "c.Do").
func (ix *syntaxIndex) sourceNames(call *ssa.Call, i int) (name, callee string) {
	ce := ix.callAt(call.Pos())
	if ce == nil {
		return "", ""
	}
	callee = types.ExprString(ce.Fun)
	if lhs := ix.lhs[ce]; i < len(lhs) {
		if id, ok := lhs[i].(*ast.Ident); ok && id.Name != "_" {
			name = id.Name
		} else if !ok {
			name = types.ExprString(lhs[i])
		}
	}
	return name, callee
}

// span returns the extent of the syntax behind an SSA instruction: the whole
// call, defer or return statement where known, else just its position.
func (ix *syntaxIndex) span(instr ssa.Instruction) (token.Pos, token.Pos) {
	pos := instr.Pos()
	ix.ensure(pos)
	switch instr.(type) {
	case *ssa.Defer, *ssa.Return:
		if s := ix.stmts[pos]; s != nil {
			return s.Pos(), s.End()
		}
	case *ssa.Call:
		if ce := ix.callAt(pos); ce != nil {
			return ce.Pos(), ce.End()
		}
		// The iterator call of a range-over-func loop has no position
		// of its own: the loop's header stands for it.
		for _, a := range instr.(*ssa.Call).Call.Args {
			if mc := loopBody(a); mc != nil {
				if rng, ok := mc.Fn.(*ssa.Function).Syntax().(*ast.RangeStmt); ok {
					return rng.For, rng.X.End()
				}
			}
		}
	default:
		if ce := ix.callAt(pos); ce != nil {
			return ce.Pos(), ce.End()
		}
	}
	return pos, token.NoPos
}

// exitPos returns where a return happens: its keyword, or for the implicit
// return at the end of a function, the closing brace.
func exitPos(instr ssa.Instruction) token.Pos {
	if pos := instr.Pos(); pos.IsValid() {
		return pos
	}
	switch syn := instr.Parent().Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	case *ast.RangeStmt:
		// The body of a range-over-func loop.
		return syn.Body.Rbrace
	}
	return token.NoPos
}
