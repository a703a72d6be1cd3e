package respbody

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Stage 1, responses in flight: a goroutine this function starts sends a
// response on a channel this function made, and only this function can
// receive it. From the go statement on, the response is owed by this
// function until it receives it; a path that returns without receiving
// (a select that gave up on a timeout, or on ctx.Done()) leaves the
// response in the channel, or the goroutine blocked on its send, and the
// body is never closed:
//
//	ch := make(chan *http.Response, 1)
//	go func() { resp, err := c.Get(u); if err == nil { ch <- resp } }()
//	select {
//	case resp := <-ch:
//		return resp, nil
//	case <-ctx.Done():
//		return nil, ctx.Err() // nobody receives the response
//	}
//
// Only the plain shape is followed, so that every finding is true: one go
// statement outside any loop, a channel of *http.Response that the
// goroutine only sends on (not in a select, whose other cases may close
// the body themselves), and that this function only receives from, closes
// or measures. Anything else (the channel handed on, stored, captured by a
// second closure, a goroutine started in a loop) is not followed.

// addPendingSends adds to ob an obligation for each such response in flight.
func (fa *funcAnalysis) addPendingSends(ob *obligations) {
	var lp *loops
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			for _, pair := range goPassed(g) {
				if !onlySends(pair.inner) {
					continue
				}
				mc, vals, ok := fa.receivedOnly(pair.outer, g)
				if !ok {
					continue
				}
				if lp == nil {
					lp = findLoops(fa.fn.Blocks)
				}
				if lp.cyclic[lp.comp[b.Index]] {
					continue // goroutines started in a loop: receives are counted, not paired
				}
				obl := len(ob.obls)
				ob.obls = append(ob.obls, &obligation{
					param: -1, kind: kResp, start: [2]state{sOpen, sOpen},
					goStmt: g, ch: mc, pos: g.Pos(), name: pair.inner.Name(),
				})
				for _, v := range vals {
					ob.pendingOn[v] = appendUnique(ob.pendingOn[v], obl)
				}
			}
		}
	}
}

// A goArg pairs a value a go statement passes to its goroutine (an
// argument, or a variable its closure captures) with the parameter or free
// variable that receives it there.
type goArg struct {
	outer, inner ssa.Value
}

// goPassed returns what a go statement passes to the function it starts,
// where that function's code is known.
func goPassed(g *ssa.Go) []goArg {
	var out []goArg
	args := func(fn *ssa.Function) {
		if len(fn.Params) == len(g.Call.Args) {
			for i, a := range g.Call.Args {
				out = append(out, goArg{a, fn.Params[i]})
			}
		}
	}
	switch fn := g.Call.Value.(type) {
	case *ssa.MakeClosure:
		callee, ok := fn.Fn.(*ssa.Function)
		if !ok || len(callee.FreeVars) != len(fn.Bindings) {
			return nil
		}
		for i, b := range fn.Bindings {
			out = append(out, goArg{b, callee.FreeVars[i]})
		}
		args(callee)
	case *ssa.Function:
		args(fn)
	}
	return out
}

// onlySends reports whether the goroutine uses its channel v (or the
// variable v that holds it) only to send on, outside any select, at least
// once.
func onlySends(v ssa.Value) bool {
	sends := 0
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		refs := v.Referrers()
		if refs == nil {
			return false
		}
		for _, r := range *refs {
			switch x := r.(type) {
			case *ssa.Send:
				if x.Chan != v {
					return false
				}
				sends++
			case *ssa.UnOp:
				if x.Op != token.MUL || !walk(x) {
					return false
				}
			case *ssa.ChangeType:
				if !walk(x) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	t := v.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return isResponseChan(t) && walk(v) && sends > 0
}

// isResponseChan reports whether t is a channel of *http.Response.
func isResponseChan(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	return ok && isResponsePtr(c.Elem())
}

// receivedOnly reports whether v, which go statement g passes to its
// goroutine, is a channel this function makes (or a variable of this
// function assigned it once) that nothing but g and this function's
// receives, closes and len or cap use. It returns the channel and the
// values a receive from it may name.
func (fa *funcAnalysis) receivedOnly(v ssa.Value, g *ssa.Go) (*ssa.MakeChan, []ssa.Value, bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		}
		break
	}
	var mc *ssa.MakeChan
	var vals []ssa.Value
	var use func(v ssa.Value) bool
	use = func(v ssa.Value) bool {
		vals = append(vals, v)
		for _, r := range referrers(v) {
			switch x := r.(type) {
			case *ssa.Go:
				if x != g {
					return false
				}
			case *ssa.MakeClosure:
				if x != g.Call.Value || len(*x.Referrers()) != 1 {
					return false
				}
			case *ssa.ChangeType:
				if !use(x) {
					return false
				}
			case *ssa.UnOp:
				if x.Op != token.ARROW {
					return false
				}
			case *ssa.Select:
				for _, st := range x.States {
					if st.Chan == v && st.Dir != types.RecvOnly {
						return false
					}
				}
			case *ssa.Call:
				b, ok := x.Call.Value.(*ssa.Builtin)
				if !ok || (b.Name() != "close" && b.Name() != "len" && b.Name() != "cap") {
					return false
				}
			case *ssa.Store:
				// Into the variable that holds it (below).
				if x.Val != v || !fa.isLocalCell(x.Addr) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	switch x := v.(type) {
	case *ssa.MakeChan:
		mc = x
		if x.Parent() != fa.fn || !isResponseChan(x.Type()) || !use(x) {
			return nil, nil, false
		}
		for _, r := range referrers(x) {
			if _, ok := r.(*ssa.Store); ok {
				return nil, nil, false // see the variable case
			}
		}
	case *ssa.Alloc:
		// A variable captured by the goroutine's closure: assigned the
		// channel once, then only loaded.
		if x.Parent() != fa.fn {
			return nil, nil, false
		}
		for _, r := range referrers(x) {
			switch y := r.(type) {
			case *ssa.Store:
				c, ok := y.Val.(*ssa.MakeChan)
				if !ok || mc != nil || y.Addr != x {
					return nil, nil, false
				}
				mc = c
			case *ssa.UnOp:
				if y.Op != token.MUL || !use(y) {
					return nil, nil, false
				}
			case *ssa.MakeClosure:
				if y != g.Call.Value || len(*y.Referrers()) != 1 {
					return nil, nil, false
				}
			default:
				return nil, nil, false
			}
		}
		if mc == nil || mc.Parent() != fa.fn || !isResponseChan(mc.Type()) || !use(mc) {
			return nil, nil, false
		}
	default:
		return nil, nil, false
	}
	return mc, vals, true
}

// sendsOn returns the obligations of the responses in flight that a
// receive from ch takes.
func (fa *funcAnalysis) sendsOn(ch ssa.Value) []int {
	return fa.pendingOn[ch]
}
