package respbody

import (
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// This file traces values back through SSA: what a variable most recently
// held, whether two loads read the same store, whether a value is certainly
// the one an obligation holds, which response a field load reads, and the
// comparisons (with nil, with a constant) that decide whether a block is
// reached. The stages use it; it knows no stage.

// If's successors: Succs[0] is taken when the condition is true.
const (
	thenEdge = 0
	elseEdge = 1
)

// constComparison splits `x op n` (or `n op x`, turned around) where n is
// an integer constant.
func constComparison(cond *ssa.BinOp) (x ssa.Value, op token.Token, n int64, ok bool) {
	x, y, op := cond.X, cond.Y, cond.Op
	if _, isConst := x.(*ssa.Const); isConst {
		x, y, op = y, x, flip(op)
	}
	c, isConst := y.(*ssa.Const)
	if !isConst || c.Value == nil || c.Value.Kind() != constant.Int {
		return nil, 0, 0, false
	}
	n, exact := constant.Int64Val(c.Value)
	return x, op, n, exact
}

// certain reports whether the response (or wrapper) v is certainly the one
// its obligation holds at this point, not one of several that a merge
// brings together: a call's result, a parameter, a load of a field of a
// certain value, or a merge whose only non-nil value is certain and comes
// from before the merge (not from a later iteration of a loop through it).
func (fa *funcAnalysis) certain(v ssa.Value, depth int) bool {
	if depth == 0 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Call, *ssa.Extract, *ssa.Parameter, *ssa.Alloc:
		return true
	case *ssa.ChangeType:
		return fa.certain(x.X, depth-1)
	case *ssa.MakeInterface:
		return fa.certain(x.X, depth-1)
	case *ssa.TypeAssert:
		return fa.certain(x.X, depth-1)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return false
		}
		if w := fa.storedValue(x); w != v {
			return fa.certain(w, depth-1)
		}
		if fieldAddr, ok := x.X.(*ssa.FieldAddr); ok {
			return fa.certain(fieldAddr.X, depth-1)
		}
		return false // a variable or global that may hold one or another
	case *ssa.Phi:
		var only ssa.Value
		for _, e := range x.Edges {
			if isNil(e) {
				continue
			}
			if only != nil && e != only {
				return false
			}
			only = e
		}
		if only == nil {
			return false
		}
		if b := instrBlock(only); b != nil && x.Block().Dominates(b) {
			return false // from a later iteration of a loop through x
		}
		return fa.certain(only, depth-1)
	}
	return false
}

// instrBlock returns the block of the instruction that defines v, or nil.
func instrBlock(v ssa.Value) *ssa.BasicBlock {
	if instr, ok := v.(ssa.Instruction); ok {
		return instr.Block()
	}
	return nil
}

// selectCase reports whether x == y compares the index a select chose
// with the constant y, and which case that is.
func selectCase(x, y ssa.Value) (*ssa.Select, int, bool) {
	e, ok := x.(*ssa.Extract)
	if !ok || e.Index != 0 {
		return nil, 0, false
	}
	sel, ok := e.Tuple.(*ssa.Select)
	if !ok {
		return nil, 0, false
	}
	for i := range sel.States {
		if isIntConst(y, int64(i)) {
			return sel, i, true
		}
	}
	return nil, 0, false
}

// comparison splits x == y or x != y into its operands, a constant or nil
// second, and the edge on which they are equal.
func comparison(cond *ssa.BinOp) (x, y ssa.Value, eqEdge int, ok bool) {
	if cond.Op != token.EQL && cond.Op != token.NEQ {
		return nil, nil, 0, false
	}
	x, y = cond.X, cond.Y
	if _, isConst := x.(*ssa.Const); isConst || isEOF(x) {
		x, y = y, x
	}
	eqEdge = thenEdge
	if cond.Op == token.NEQ {
		eqEdge = elseEdge
	}
	return x, y, eqEdge, true
}

// guards yields, nearest first, the comparisons that decide whether b is
// reached: each `if x op y` ending a dominator of b from which only one edge
// leads toward b, with that edge (thenEdge or elseEdge).
func guards(b *ssa.BasicBlock) iter.Seq2[*ssa.BinOp, int] {
	return func(yield func(*ssa.BinOp, int) bool) {
		for child := b; child.Idom() != nil; child = child.Idom() {
			parent := child.Idom()
			ifInstr, ok := parent.Instrs[len(parent.Instrs)-1].(*ssa.If)
			if !ok || len(child.Preds) != 1 {
				continue
			}
			cond, ok := ifInstr.Cond.(*ssa.BinOp)
			if !ok {
				continue
			}
			edge := thenEdge
			if parent.Succs[elseEdge] == child {
				edge = elseEdge
			}
			if !yield(cond, edge) {
				return
			}
		}
	}
}

// sameLoad reports whether v loads the variable x loaded, with no store to
// it in between: v's block is reached from x's only through blocks with one
// predecessor, and neither a store to the variable nor (if a closure
// captured it) a call comes between them.
func (fa *funcAnalysis) sameLoad(x, v ssa.Value) bool {
	lx, ok1 := x.(*ssa.UnOp)
	lv, ok2 := v.(*ssa.UnOp)
	if !ok1 || !ok2 || lx.Op != token.MUL || lv.Op != token.MUL || lx.X != lv.X {
		return false
	}
	found := false
	lastStore(lv, capturedByClosure(lx.X), func(instr ssa.Instruction) bool {
		found = instr == lx
		return found
	})
	return found
}

// capturedByClosure reports whether a closure captures the variable addr.
func capturedByClosure(addr ssa.Value) bool {
	if refs := addr.Referrers(); refs != nil {
		for _, r := range *refs {
			if _, ok := r.(*ssa.MakeClosure); ok {
				return true
			}
		}
	}
	return false
}

// lastStore walks back from the load of a variable, in its block and up a
// chain of at most eight blocks that each have one predecessor, to the
// store to the variable that it reads, calling stop on each instruction on
// the way until stop returns true. It returns the store, or nil when the
// walk ends first: at stop, at a block with several predecessors, or at a
// call when captured (a closure that captured the variable may store into
// it).
func lastStore(load *ssa.UnOp, captured bool, stop func(ssa.Instruction) bool) *ssa.Store {
	b := load.Block()
	i := slices.Index(b.Instrs, ssa.Instruction(load))
	for range 8 {
		for j := i - 1; j >= 0; j-- {
			instr := b.Instrs[j]
			if stop != nil && stop(instr) {
				return nil
			}
			switch x := instr.(type) {
			case *ssa.Store:
				if x.Addr == load.X {
					return x
				}
			case ssa.CallInstruction:
				if captured {
					return nil
				}
			}
		}
		if len(b.Preds) != 1 {
			return nil
		}
		b = b.Preds[0]
		i = len(b.Instrs)
	}
	return nil
}

// fieldOf returns the obligations whose response's field name (StatusCode,
// ContentLength) v is.
func (fa *funcAnalysis) fieldOf(v ssa.Value, name string) []int {
	_, obls := fa.responseField(v, name)
	return obls
}

// responseField reports whether v loads the field name of a response, and
// returns that response and its obligations.
func (fa *funcAnalysis) responseField(v ssa.Value, name string) (ssa.Value, []int) {
	load, ok := fa.storedValue(v).(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	fieldAddr, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isResponsePtr(fieldAddr.X.Type()) {
		return nil, nil
	}
	st := fieldAddr.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if st.Field(fieldAddr.Field).Name() != name {
		return nil, nil
	}
	var out []int
	for _, r := range fa.refs[fieldAddr.X] {
		if r.kind == kResp && !r.cell {
			out = appendUnique(out, r.obl)
		}
	}
	return fieldAddr.X, out
}

// isIntConst reports whether v is the integer constant n.
func isIntConst(v ssa.Value, n int64) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	m, exact := constant.Int64Val(c.Value)
	return exact && m == n
}

// storedValue sees through a load of a variable (of this function, or
// captured from the enclosing one) to the value most recently stored in it:
// in the same block, or up a chain of blocks that each have one
// predecessor, and through loads of what was stored (a named result with
// defers: *err = *err). A call on the way stops it when a closure captured
// the variable (the call may store into it).
func (fa *funcAnalysis) storedValue(v ssa.Value) ssa.Value {
	for range 4 {
		w := fa.storedOnce(v)
		if w == v {
			return v
		}
		v = w
	}
	return v
}

// storedOnce is one step of storedValue: the value stored in the variable
// v loads, or v.
func (fa *funcAnalysis) storedOnce(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	_, free := load.X.(*ssa.FreeVar)
	if !free && !fa.isLocalCell(load.X) {
		return v
	}
	if st := lastStore(load, free || capturedByClosure(load.X), nil); st != nil {
		return st.Val
	}
	return v
}

// comparedWithNil reports whether v is compared with nil by a branch.
func comparedWithNil(v ssa.Value) bool {
	for _, r := range referrers(v) {
		if b, ok := r.(*ssa.BinOp); ok && (b.Op == token.EQL || b.Op == token.NEQ) && (isNil(b.X) || isNil(b.Y)) {
			return true
		}
	}
	return false
}

// flip turns c op x into x op' c.
func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// negate is the comparison that holds where op does not.
func negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.LEQ:
		return token.GTR
	case token.GTR:
		return token.LEQ
	case token.GEQ:
		return token.LSS
	}
	return op
}

// argOfParam returns the argument of a call that a callee's parameter i
// receives (the receiver is parameter 0 of a method, and is not among the
// arguments of an interface method call), or nil.
func argOfParam(common *ssa.CallCommon, i int) ssa.Value {
	if common.IsInvoke() {
		if i == 0 {
			return common.Value
		}
		i--
	}
	if i < 0 || i >= len(common.Args) {
		return nil
	}
	return common.Args[i]
}

// isLocalCell reports whether addr is a variable of this function that is
// used only as a variable: loaded, stored, and captured by closures.
func (fa *funcAnalysis) isLocalCell(addr ssa.Value) bool {
	a, ok := addr.(*ssa.Alloc)
	return ok && a.Parent() == fa.fn
}

// paramIndex returns the index of p among fn's parameters.
func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}
