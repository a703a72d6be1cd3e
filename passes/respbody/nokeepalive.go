package respbody

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// This file decides, where the code shows it, that a request asks for no
// keep-alive: req.Close = true, or a "Connection: close" header (Set or Add
// on its Header, an index of it, or an http.Header literal stored in it).
// net/http's Transport then closes the connection once the response is
// done (it sets Connection: close on the wire, and the server answers in
// kind), so an unread close wastes no connection: no drain is owed, though
// the close still is (see transport.go for transports with no pool).
//
// respbody believes it only when it is certain: constant values, set on
// the request sent (or on the request it is a copy of) before the call on
// every path to it, and never undone in the function (another store to
// Close, a Header.Del of Connection, another Header stored). A helper of
// this package that builds the request, or is given it, counts when it
// sets it in a statement of its own body that every return comes after.

// asksNoKeepAlive reports whether the request a net/http Client.Do or
// Transport.RoundTrip call sends asks for no keep-alive.
func (fa *funcAnalysis) asksNoKeepAlive(call *ssa.Call) bool {
	common := call.Common()
	callee := common.StaticCallee()
	if callee == nil || funcPkgPath(callee) != "net/http" || callee.Signature.Recv() == nil {
		return false
	}
	if n := callee.Name(); (n != "Do" && n != "RoundTrip") || len(common.Args) != 2 || !isRequestPtr(common.Args[1].Type()) {
		return false
	}
	marked, undone := false, false
	v := common.Args[1]
	for range 8 {
		v = fa.storedValue(v)
		m, u := fa.requestMarks(v, call)
		marked, undone = marked || m, undone || u
		c, isCall := v.(*ssa.Call)
		if isCall && requestCopies[funcKey(c.Common().StaticCallee())] && len(c.Common().Args) > 0 {
			v = c.Common().Args[0]
			continue
		}
		if !marked && !undone {
			marked = fa.c.builtNoKeepAlive(v)
		}
		break
	}
	return marked && !undone
}

// requestMarks reports whether this function marks the request req for no
// keep-alive before the instruction at on every path to it (marked), and
// whether it may clear or replace the mark (undone).
func (fa *funcAnalysis) requestMarks(req ssa.Value, at ssa.Instruction) (marked, undone bool) {
	before := func(instr ssa.Instruction) bool { return instr != at && comesAfter(at, instr) }
	for _, r := range referrers(req) {
		switch x := r.(type) {
		case *ssa.FieldAddr:
			switch fieldName(x) {
			case "Close":
				for _, st := range stores(x) {
					if isConstTrue(st.Val) && before(st) {
						marked = true
					} else if !isConstTrue(st.Val) {
						undone = true
					}
				}
			case "Header":
				for _, rr := range referrers(x) {
					switch y := rr.(type) {
					case *ssa.UnOp:
						m, u := headerMarks(y, before)
						marked, undone = marked || m, undone || u
					case *ssa.Store:
						if closesConnection(y.Val) && before(y) {
							marked = true
						} else {
							undone = true
						}
					}
				}
			}
		case ssa.CallInstruction:
			callee := x.Common().StaticCallee()
			if callee == nil || x.Common().IsInvoke() {
				continue
			}
			for i, a := range x.Common().Args {
				if a == req && before(x) && fa.c.marksParam(callee, i) {
					marked = true
				}
			}
		}
	}
	return marked, undone
}

// stores returns the stores into addr.
func stores(addr ssa.Value) []*ssa.Store {
	var out []*ssa.Store
	for _, r := range referrers(addr) {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st)
		}
	}
	return out
}

// headerMarks reports whether the header h (a load of a request's Header)
// is given "Connection: close" before the call (Set, Add, or an index with
// the canonical key), and whether its Connection may be changed otherwise.
func headerMarks(h ssa.Value, before func(ssa.Instruction) bool) (marked, undone bool) {
	for _, r := range referrers(h) {
		switch x := r.(type) {
		case ssa.CallInstruction:
			callee := x.Common().StaticCallee()
			args := x.Common().Args
			if callee == nil || funcPkgPath(callee) != "net/http" || len(args) < 2 || args[0] != h {
				continue
			}
			key, ok := constString(args[1])
			if !ok {
				switch callee.Name() {
				case "Set", "Add", "Del":
					undone = true
				}
				continue
			}
			if !strings.EqualFold(key, "Connection") {
				continue
			}
			switch callee.Name() {
			case "Set", "Add":
				if val, ok := constString(args[2]); ok && isClose(val) && before(x) {
					marked = true
				} else if callee.Name() == "Set" || !ok {
					undone = true
				}
			case "Get", "Values":
			default:
				undone = true // Del, or a method that may change it
			}
		case *ssa.MapUpdate:
			key, ok := constString(x.Key)
			switch {
			case !ok:
				undone = true
			case key == "Connection" && firstIsClose(x.Value) && before(x):
				marked = true
			case key == "Connection":
				undone = true
			}
		}
	}
	return marked, undone
}

// closesConnection reports whether v is an http.Header map this function
// makes with "Connection: close" in it (http.Header{"Connection": {"close"}}).
func closesConnection(v ssa.Value) bool {
	for range 4 {
		if ct, ok := v.(*ssa.ChangeType); ok {
			v = ct.X
		}
	}
	mm, ok := v.(*ssa.MakeMap)
	if !ok {
		return false
	}
	marked := false
	for _, r := range referrers(mm) {
		up, ok := r.(*ssa.MapUpdate)
		if !ok {
			continue
		}
		key, ok := constString(up.Key)
		switch {
		case !ok:
			return false
		case key == "Connection" && firstIsClose(up.Value):
			marked = true
		case key == "Connection":
			return false
		}
	}
	return marked
}

// firstIsClose reports whether v is a slice literal whose first element is
// the constant "close" (Header.Get reads the first value only).
func firstIsClose(v ssa.Value) bool {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return false
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range referrers(arr) {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		if k, ok := ia.Index.(*ssa.Const); !ok || k.Value == nil || k.Value.String() != "0" {
			continue
		}
		for _, st := range stores(ia) {
			if s, ok := constString(st.Val); ok && isClose(s) {
				return true
			}
		}
	}
	return false
}

// isClose reports whether a Connection header value asks to close.
func isClose(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "close") }

// builtNoKeepAlive reports whether v is the request a helper of this
// package returns (req, err := newRequest(u)) that marks every request it
// returns for no keep-alive.
func (c *checker) builtNoKeepAlive(v ssa.Value) bool {
	var call *ssa.Call
	switch x := v.(type) {
	case *ssa.Extract:
		call, _ = x.Tuple.(*ssa.Call)
		if call != nil && x.Index != 0 {
			return false
		}
	case *ssa.Call:
		call = x
	}
	if call == nil {
		return false
	}
	fd, info := c.declOf(call.Common().StaticCallee())
	if fd == nil || fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return false
	}
	// The request is the first result: its variable is the one every
	// return that returns a non-nil request returns.
	var obj types.Object
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				ok = false
				return false
			}
			r := ast.Unparen(n.Results[0])
			if id, isIdent := r.(*ast.Ident); isIdent && id.Name == "nil" {
				return true
			}
			id, isIdent := r.(*ast.Ident)
			if !isIdent || (obj != nil && info.Uses[id] != obj) {
				ok = false
				return false
			}
			obj = info.Uses[id]
		}
		return true
	})
	return ok && obj != nil && marksVar(fd, info, obj, true)
}

// marksParam reports whether fn, a function of this package, marks the
// request it is given as argument i for no keep-alive.
func (c *checker) marksParam(fn *ssa.Function, i int) bool {
	fd, info := c.declOf(fn)
	if fd == nil {
		return false
	}
	var params []*ast.Ident
	if fd.Recv != nil {
		for _, f := range fd.Recv.List {
			params = append(params, f.Names...)
		}
	}
	for _, f := range fd.Type.Params.List {
		params = append(params, f.Names...)
	}
	if i >= len(params) {
		return false
	}
	obj := info.Defs[params[i]]
	return obj != nil && marksVar(fd, info, obj, false)
}

// declOf returns the declaration of a function of this package, with its
// body.
func (c *checker) declOf(fn *ssa.Function) (*ast.FuncDecl, *types.Info) {
	obj := declared(fn)
	if obj == nil || obj.Pkg() != c.pass.Pkg {
		return nil, nil
	}
	obj = obj.Origin()
	for _, f := range c.pass.Files {
		if !(f.FileStart <= obj.Pos() && obj.Pos() <= f.FileEnd) {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && c.pass.TypesInfo.Defs[fd.Name] == obj {
				return fd, c.pass.TypesInfo
			}
		}
	}
	return nil, nil
}

// marksVar reports whether a statement of fd's body itself (not one nested
// in a branch or loop) marks the request variable obj for no keep-alive,
// before every return (returns: only those that return obj need follow
// it), and nothing in the function assigns obj, clears the mark or
// replaces the header.
func marksVar(fd *ast.FuncDecl, info *types.Info, obj types.Object, returns bool) bool {
	var mark token.Pos
	for _, st := range fd.Body.List {
		if mark == token.NoPos && marksStmt(st, info, obj) {
			mark = st.Pos()
		}
	}
	if mark == token.NoPos {
		return false
	}
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < mark && (!returns || len(n.Results) > 0 && !isNilIdent(n.Results[0])) {
				ok = false
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				l = ast.Unparen(l)
				if id, isIdent := l.(*ast.Ident); isIdent && (info.Defs[id] == obj && n.Pos() > mark || info.Uses[id] == obj) {
					ok = false // the variable is assigned
				}
				if sel, isSel := l.(*ast.SelectorExpr); isSel && isVar(sel.X, info, obj) && (sel.Sel.Name == "Header" || sel.Sel.Name == "Close") && n.Pos() != mark {
					ok = false
				}
			}
		case *ast.CallExpr:
			if sel, isSel := ast.Unparen(n.Fun).(*ast.SelectorExpr); isSel && sel.Sel.Name == "Del" {
				if h, isSel := ast.Unparen(sel.X).(*ast.SelectorExpr); isSel && h.Sel.Name == "Header" && isVar(h.X, info, obj) {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// marksStmt reports whether a statement marks the request variable obj
// for no keep-alive: obj.Close = true, or obj.Header.Set/Add("Connection",
// "close") with constants.
func marksStmt(st ast.Stmt, info *types.Info, obj types.Object) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) != 1 || len(st.Rhs) != 1 || st.Tok != token.ASSIGN {
			return false
		}
		sel, ok := ast.Unparen(st.Lhs[0]).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Close" || !isVar(sel.X, info, obj) {
			return false
		}
		tv := info.Types[st.Rhs[0]]
		return tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(st.X).(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "Set" && sel.Sel.Name != "Add") {
			return false
		}
		h, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
		if !ok || h.Sel.Name != "Header" || !isVar(h.X, info, obj) {
			return false
		}
		k, v := info.Types[call.Args[0]].Value, info.Types[call.Args[1]].Value
		return k != nil && v != nil && k.Kind() == constant.String && v.Kind() == constant.String &&
			strings.EqualFold(constant.StringVal(k), "Connection") && isClose(constant.StringVal(v))
	}
	return false
}

// isVar reports whether e names the variable obj.
func isVar(e ast.Expr, info *types.Info, obj types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == obj
}

// isNilIdent reports whether e is the identifier nil.
func isNilIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}
