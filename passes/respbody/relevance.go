package respbody

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// relevantFuncs decides, from syntax and types alone, which function
// declarations of the package need SSA: those that may obtain a response or a
// body (an expression of type *http.Response, or a call that returns a
// reader or closer), and those whose summary callers may need (a parameter
// or result that can carry a body, an error passed through, a body that
// may never return). Every other function is left out of SSA construction,
// which is most of the cost of the analysis in large client packages.
func relevantFuncs(pass *analysis.Pass) map[*ast.FuncDecl]bool {
	relevant := make(map[*ast.FuncDecl]bool)
	type span struct {
		pos, end token.Pos
		decl     *ast.FuncDecl
	}
	var spans []span
	noReturns := noReturnCandidates(pass)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if sig, ok := pass.TypesInfo.Defs[fd.Name].Type().(*types.Signature); !ok || summaryMatters(sig) || noReturns[fd] {
				relevant[fd] = true
				continue
			}
			spans = append(spans, span{fd.Pos(), fd.End(), fd})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.pos, b.pos) })
	for expr, tv := range pass.TypesInfo.Types {
		if tv.Type == nil || !(mentionsResponse(tv.Type) || returnsBody(expr, tv.Type)) {
			continue
		}
		p := expr.Pos()
		i, _ := slices.BinarySearchFunc(spans, p, func(s span, p token.Pos) int {
			if s.end > p {
				return 1
			}
			return -1
		})
		if i < len(spans) && spans[i].pos <= p {
			relevant[spans[i].decl] = true
		}
	}
	return relevant
}

// summaryMatters reports whether callers may need the summary of a
// function with this signature.
func summaryMatters(sig *types.Signature) bool {
	if mentionsResponse(sig) || handlesBodies(sig) {
		return true
	}
	if r := sig.Recv(); r != nil && isResponsePtr(r.Type()) {
		return true
	}
	if takesCloser(sig) {
		return true // closeQuietly(resp.Body.Close)
	}
	// An error passed through (resp, err := check(http.Get(u))).
	return hasError(sig.Params()) && hasError(sig.Results())
}

// takesCloser reports whether a function of this signature is given a
// function value that may close a body (func() error), as a parameter or
// as its receiver (type closerFunc func() error).
func takesCloser(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if isCloserFunc(sig.Params().At(i).Type()) {
			return true
		}
	}
	r := sig.Recv()
	return r != nil && isCloserFunc(r.Type())
}

func hasError(t *types.Tuple) bool {
	for i := 0; i < t.Len(); i++ {
		if isError(t.At(i).Type()) {
			return true
		}
	}
	return false
}

// returnsBody reports whether expr is a call whose result can carry a body:
// a fresh body from a wrapper has no *http.Response in sight.
func returnsBody(expr ast.Expr, t types.Type) bool {
	if _, ok := expr.(*ast.CallExpr); !ok {
		return false
	}
	if tuple, ok := t.(*types.Tuple); ok {
		return anyBodyLike(tuple)
	}
	return bodyLike(t)
}

// noReturnCandidates finds the functions that may never return: no return
// statement, and a body that ends in an endless loop or in a call of panic,
// of a known no-return function, or of another candidate. Callers need
// their summaries (a path through fatalf owes nothing).
func noReturnCandidates(pass *analysis.Pass) map[*ast.FuncDecl]bool {
	ends := make(map[*ast.FuncDecl]*types.Func) // candidate -> the function its last call calls
	byObj := make(map[*types.Func]*ast.FuncDecl)
	out := make(map[*ast.FuncDecl]bool)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || len(fd.Body.List) == 0 || hasReturn(fd.Body) {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				byObj[obj] = fd
			}
			switch last := fd.Body.List[len(fd.Body.List)-1].(type) {
			case *ast.ForStmt:
				if last.Cond == nil {
					out[fd] = true
				}
			case *ast.ExprStmt:
				call, ok := ast.Unparen(last.X).(*ast.CallExpr)
				if !ok {
					continue
				}
				switch callee := typeutil.Callee(pass.TypesInfo, call).(type) {
				case *types.Builtin:
					out[fd] = callee.Name() == "panic"
				case *types.Func:
					if isNoReturn(callee.Origin().FullName()) {
						out[fd] = true
					} else if callee.Pkg() == pass.Pkg {
						ends[fd] = callee.Origin()
					}
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for fd, callee := range ends {
			if !out[fd] && out[byObj[callee]] {
				out[fd] = true
				changed = true
			}
		}
	}
	return out
}

// hasReturn reports whether a function body has a return statement of its
// own (not one of a function literal inside it).
func hasReturn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// withoutBodies returns shallow copies of the files in which the
// declarations that are not relevant have no body: SSA creates them as
// external functions and does not build them.
func withoutBodies(files []*ast.File, relevant map[*ast.FuncDecl]bool) []*ast.File {
	out := make([]*ast.File, len(files))
	for i, f := range files {
		nf := *f
		nf.Decls = make([]ast.Decl, len(f.Decls))
		for j, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !relevant[fd] {
				stub := *fd
				stub.Body = nil
				d = &stub
			}
			nf.Decls[j] = d
		}
		out[i] = &nf
	}
	return out
}
