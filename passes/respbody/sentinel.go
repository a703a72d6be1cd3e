package respbody

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// isSentinel reports whether the package variable g is a sentinel error,
// never nil: return nil, ErrNotFound returns a non-nil error. In this
// package, that is a variable of type error declared with a value that is
// not nil (errors.New(...), fmt.Errorf(...), &T{...}) and never assigned,
// incremented or addressed anywhere else. Another package's code is not
// read, so there the convention decides: an exported error variable named
// Err... (io.EOF too).
func (c *checker) isSentinel(g *ssa.Global) bool {
	obj, ok := g.Object().(*types.Var)
	if !ok || obj.Pkg() == nil || !isError(obj.Type()) {
		return false
	}
	if obj.Pkg() != c.pass.Pkg {
		return obj.Exported() && (strings.HasPrefix(obj.Name(), "Err") || isEOFVar(obj))
	}
	if c.sentinels == nil {
		c.sentinels = findSentinels(c.pass.Files, c.pass.TypesInfo, func(f *ast.File) bool { return c.inTestFile(f.Package) })
	}
	return c.sentinels[obj]
}

// isEOFVar reports whether v is io.EOF.
func isEOFVar(v *types.Var) bool {
	return v.Name() == "EOF" && v.Pkg().Path() == "io"
}

// findSentinels returns the package-level error variables of the files
// that are declared with a value that cannot be nil and are never
// assigned, incremented or addressed after. Writes in test files (isTest)
// do not count: a test that swaps a sentinel does not change what the
// package's own code returns, and the package is judged the same with and
// without its tests.
func findSentinels(files []*ast.File, info *types.Info, isTest func(*ast.File) bool) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, id := range vs.Names {
					v, ok := info.Defs[id].(*types.Var)
					if ok && isError(v.Type()) && nonNilError(vs.Values[i], info) {
						out[v] = true
					}
				}
			}
		}
	}
	// Any later write, or a pointer that could write, disqualifies.
	spoil := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				delete(out, v)
			}
		}
	}
	for _, f := range files {
		if isTest(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					spoil(l)
				}
			case *ast.IncDecStmt:
				spoil(n.X)
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					spoil(n.X)
				}
			case *ast.RangeStmt:
				if n.Key != nil {
					spoil(n.Key)
				}
				if n.Value != nil {
					spoil(n.Value)
				}
			}
			return true
		})
	}
	return out
}

// nonNilError reports whether an expression assigned to an error variable
// is certainly not nil: a call of errors.New or fmt.Errorf, or a value of a
// concrete type (which the conversion to error makes a non-nil interface).
func nonNilError(e ast.Expr, info *types.Info) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil {
			switch fn.Pkg().Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return true
			}
		}
	}
	tv, ok := info.Types[e]
	if !ok || tv.IsNil() {
		return false
	}
	_, isIface := tv.Type.Underlying().(*types.Interface)
	return !isIface
}
