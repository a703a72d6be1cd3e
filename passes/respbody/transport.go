package respbody

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file decides, where the code shows it, that a response comes from a
// transport whose pool no later request uses: draining it then saves
// nothing, though the close is still owed (the connection or stream is held
// until then). respbody follows this only as far as the function that makes
// the client: a client or transport built there (a composite literal) whose
// transport is an x/net/http2 one, or has DisableKeepAlives set, or is used
// for the calls of this function only and then dropped. A dropped transport
// still has a pool: a connection that goes idle in it (its body read to
// EOF, closed or not) stays open, with its two goroutines, until the server
// closes it, since nothing calls CloseIdleConnections.

// unpooledSource reports whether a call of a net/http client or transport
// method sends through a transport with no pool a later request uses, and
// whether that transport is one this function builds and drops (dropped),
// which keeps its idle connections.
func (fa *funcAnalysis) unpooledSource(common *ssa.CallCommon) (unpooled, dropped bool) {
	callee := common.StaticCallee()
	if callee == nil || funcPkgPath(callee) != "net/http" || callee.Signature.Recv() == nil || len(common.Args) == 0 {
		return false, false
	}
	recv := fa.localAlloc(common.Args[0])
	if recv == nil {
		return false, false
	}
	switch {
	case isNamedPtr(recv.Type(), "net/http", "Client"):
		t := fa.fieldStored(recv, "Transport")
		if t == nil {
			return false, false // http.DefaultTransport
		}
		if tr := fa.localAlloc(unwrapIface(t)); tr != nil {
			if fa.unpooledTransport(tr) {
				return true, false
			}
			dropped := fa.usedOnlyHere(tr) && fa.usedOnlyHere(recv)
			return dropped, dropped
		}
	case isNamedPtr(recv.Type(), "net/http", "Transport"):
		if fa.unpooledTransport(recv) {
			return true, false
		}
		dropped := fa.usedOnlyHere(recv)
		return dropped, dropped
	}
	return false, false
}

// unpooledTransport reports whether the transport this function allocates
// keeps no idle connections: an x/net/http2 transport (an unread close
// resets the stream, not the connection), or one with DisableKeepAlives.
func (fa *funcAnalysis) unpooledTransport(tr *ssa.Alloc) bool {
	if isNamedPtr(tr.Type(), "golang.org/x/net/http2", "Transport") {
		return true
	}
	if !isNamedPtr(tr.Type(), "net/http", "Transport") {
		return false
	}
	v := fa.fieldStored(tr, "DisableKeepAlives")
	return v != nil && isConstTrue(v)
}

// localAlloc returns the value a variable or conversion of this function
// holds, when it is an allocation of this function.
func (fa *funcAnalysis) localAlloc(v ssa.Value) *ssa.Alloc {
	v = fa.storedValue(v)
	a, ok := v.(*ssa.Alloc)
	if !ok || a.Parent() != fa.fn {
		return nil
	}
	return a
}

// fieldStored returns the value stored into the named field of the struct
// alloc points to, when exactly one store does so.
func (fa *funcAnalysis) fieldStored(alloc *ssa.Alloc, name string) ssa.Value {
	var val ssa.Value
	for _, r := range referrers(alloc) {
		fieldAddr, ok := r.(*ssa.FieldAddr)
		if !ok || fieldName(fieldAddr) != name {
			continue
		}
		for _, rr := range referrers(fieldAddr) {
			st, ok := rr.(*ssa.Store)
			if !ok {
				continue
			}
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}

// usedOnlyHere reports whether an allocation is used only by this function:
// its fields set, and its methods (or those of the client holding it)
// called, never stored, returned, sent or passed on.
func (fa *funcAnalysis) usedOnlyHere(alloc *ssa.Alloc) bool {
	var ok func(v ssa.Value, depth int) bool
	ok = func(v ssa.Value, depth int) bool {
		if depth > 3 {
			return false
		}
		for _, r := range referrers(v) {
			switch x := r.(type) {
			case *ssa.FieldAddr:
				// Setting its fields.
			case *ssa.DebugRef:
			case *ssa.MakeInterface, *ssa.ChangeType:
				if !ok(x.(ssa.Value), depth+1) {
					return false
				}
			case *ssa.Store:
				// Stored into a field of a client of this function.
				fieldAddr, isField := x.Addr.(*ssa.FieldAddr)
				if x.Val != v || !isField || fa.localAlloc(fieldAddr.X) == nil {
					return false
				}
			case ssa.CallInstruction:
				c := x.Common()
				callee := c.StaticCallee()
				if c.IsInvoke() || callee == nil || funcPkgPath(callee) != "net/http" || len(c.Args) == 0 || c.Args[0] != v {
					return false
				}
				for _, a := range c.Args[1:] {
					if a == v {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return ok(alloc, 0)
}

// fieldName returns the name of the field a FieldAddr selects.
func fieldName(f *ssa.FieldAddr) string {
	st, ok := deref(f.X.Type()).Underlying().(*types.Struct)
	if !ok || f.Field >= st.NumFields() {
		return ""
	}
	return st.Field(f.Field).Name()
}

// isNamedPtr reports whether t is a pointer to the named type pkg.name.
func isNamedPtr(t types.Type, pkg, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), pkg, name)
}
