package respbody

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Stage 2: the SSA values that hold each obligation's response, its body, a
// reader over the body, a variable holding one of these, or a closure that
// captured one. The result (funcAnalysis.refs) is flow-insensitive; the
// order of events is the job of the dataflow.

// propagate computes the refs of the obligations fa.obls.
func (fa *funcAnalysis) propagate() map[ssa.Value][]ref {
	refs := make(map[ssa.Value][]ref)
	var work []ssa.Value
	add := func(v ssa.Value, r ref) {
		for _, old := range refs[v] {
			if old == r {
				return
			}
		}
		refs[v] = append(refs[v], r)
		work = append(work, v)
	}
	for i, o := range fa.obls {
		for _, s := range o.seeds {
			add(s, ref{obl: i, kind: o.kind, cell: o.cell})
		}
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if v.Referrers() == nil {
			continue
		}
		rs := refs[v]
		for _, instr := range referrers(v) {
			for _, r := range rs {
				fa.flow(v, r, instr, add)
			}
		}
	}
	return refs
}

// flow adds the values that instr derives from v, which holds r.
func (fa *funcAnalysis) flow(v ssa.Value, r ref, instr ssa.Instruction, add func(ssa.Value, ref)) {
	switch x := instr.(type) {
	case *ssa.Phi:
		add(x, r)
	case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType:
		add(x.(ssa.Value), r)
	case *ssa.TypeAssert:
		if !x.CommaOk {
			add(x, r)
			return
		}
		for _, e := range extracts(x, 0) {
			add(e, r)
		}
	case *ssa.FieldAddr:
		switch {
		case r.kind == kResp && !r.cell && isBodyField(x.X.Type(), x.Field):
			add(x, ref{obl: r.obl, kind: kBody, cell: true})
		case r.kind == kResp && !r.cell && embeddedResponse(x.X.Type()) == x.Field:
			// wrapper.Response of an SDK's response type.
			add(x, ref{obl: r.obl, kind: kResp, cell: true})
		case r.kind == kBody && !r.cell && ownedField(x.X.Type(), x.Field):
			// s.rc of a type that owns the body (ownsBody).
			k := kBody
			if isResponsePtr(deref(x.Type())) {
				k = kResp
			}
			add(x, ref{obl: r.obl, kind: k, cell: true})
		}
	case *ssa.Field:
		if r.kind == kResp && !r.cell && isBodyField(types.NewPointer(x.X.Type()), x.Field) {
			add(x, ref{obl: r.obl, kind: kBody})
		}
	case *ssa.UnOp:
		switch {
		case x.Op != token.MUL:
		case r.cell:
			add(x, ref{obl: r.obl, kind: r.kind})
		case r.kind != kClosure:
			// A copy of the response (*out = *resp), or of a reader
			// struct that holds the body (return *response): it holds
			// the body too.
			add(x, r)
		}
	case *ssa.Store:
		if x.Val != v || r.cell {
			return
		}
		if fa.isLocalCell(x.Addr) && r.kind == kResp && isResponseWrapper(x.Addr.Type()) {
			// response := Response{Response: r}: the variable is the
			// SDK's response, which holds r.
			add(x.Addr, ref{obl: r.obl, kind: kResp})
		} else if fa.isLocalCell(x.Addr) {
			add(x.Addr, ref{obl: r.obl, kind: r.kind, cell: true})
		} else if w, k := fa.wrapperStore(x.Addr, r); w != nil {
			add(w, ref{obl: r.obl, kind: k})
		} else if w := fa.responseWrapperStore(x.Addr, r); w != nil {
			add(w, ref{obl: r.obl, kind: kResp})
		} else if a := fa.localArray(x.Addr); a != nil && r.kind != kClosure && r.kind != kCloser {
			// []io.Closer{zr, resp.Body}: the array holds it.
			add(a, r)
		}
	case *ssa.IndexAddr:
		if !r.cell && r.kind != kResp && r.kind != kClosure && r.kind != kCloser && fa.localArray(x) != nil {
			add(x, ref{obl: r.obl, kind: r.kind, cell: true})
		}
	case *ssa.Slice:
		if !r.cell && r.kind != kClosure && r.kind != kCloser {
			add(x, r)
		}
	case *ssa.MakeClosure:
		for _, b := range x.Bindings {
			switch {
			case b != v:
			case r.kind == kBody && !r.cell && closesBody(x):
				// resp.Body.Close as a value: calling it closes.
				add(x, ref{obl: r.obl, kind: kCloser})
			default:
				add(x, ref{obl: r.obl, kind: kClosure})
			}
		}
	case *ssa.Call:
		fa.flowThroughCall(v, r, x, add)
	}
}

// flowThroughCall adds the results of call that hold what its argument v
// holds: a parameter the callee passes back, or a reader it builds over it.
func (fa *funcAnalysis) flowThroughCall(v ssa.Value, r ref, call *ssa.Call, add func(ssa.Value, ref)) {
	if r.cell || r.kind == kClosure || r.kind == kCloser {
		return
	}
	common := call.Common()
	s := fa.c.callSummary(common)
	if s == nil {
		return
	}
	for j, res := range s.Results {
		if (res.Kind != Passed && res.Kind != Reader) || argOfParam(common, res.Param) != v {
			continue
		}
		for _, rv := range resultValues(call, j) {
			switch res.Kind {
			case Passed:
				k := r.kind
				if k == kResp && !isResponsePtr(rv.Type()) && !isResponseWrapper(rv.Type()) {
					k = kBody
				}
				add(rv, ref{obl: r.obl, kind: k})
			case Reader:
				k := res.ReaderKind
				if r.kind == kBounded {
					// A reader, scanner or decoder over a bounded
					// reader: its end is the bound, not the body's EOF.
					k = kBounded
				}
				if r.kind != kResp {
					add(rv, ref{obl: r.obl, kind: k})
				}
			}
		}
	}
}

// wrapperStore handles a store of a body (or a reader over it) into a field
// of a struct this function allocates that is a reader itself (it has a Read
// method: &limitReader{r: body}): the struct is then a reader over the body.
// It returns the struct and its kind, a body when the struct closes too (a
// Close method) and holds the body itself, else a reader; nil for any other
// store.
func (fa *funcAnalysis) wrapperStore(addr ssa.Value, r ref) (ssa.Value, kind) {
	fieldAddr, ok := addr.(*ssa.FieldAddr)
	if !ok || !fa.isLocalCell(fieldAddr.X) {
		return nil, 0
	}
	t := fieldAddr.X.Type()
	if ownsBody(t) && r.kind != kClosure && r.kind != kCloser && !r.cell {
		// &Stream{rc: resp.Body, sc: bufio.NewScanner(resp.Body)}: the
		// value owns the body (ownsBody), and the readers over it.
		return fieldAddr.X, kBody
	}
	if r.kind == kResp || r.kind == kClosure || r.kind == kCloser || !hasMethodNamed(t, "Read") {
		return nil, 0
	}
	if r.kind == kBody && hasMethodNamed(t, "Close") {
		return fieldAddr.X, kBody
	}
	if p, ok := t.Underlying().(*types.Pointer); ok && isNamed(p.Elem(), "io", "LimitedReader") {
		return fieldAddr.X, kBounded
	}
	return fieldAddr.X, kReader
}

// responseWrapperStore handles a store of a response into the embedded
// *http.Response of an SDK's response type this function allocates
// (&Response{Response: resp}): the wrapper holds the response. It returns
// the wrapper, or nil.
func (fa *funcAnalysis) responseWrapperStore(addr ssa.Value, r ref) ssa.Value {
	fieldAddr, ok := addr.(*ssa.FieldAddr)
	if !ok || r.kind != kResp || !fa.isLocalCell(fieldAddr.X) || embeddedResponse(fieldAddr.X.Type()) != fieldAddr.Field {
		return nil
	}
	return fieldAddr.X
}

// localArray returns the array this function allocates of which addr is
// an element (the backing array of a slice literal), or nil.
func (fa *funcAnalysis) localArray(addr ssa.Value) ssa.Value {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	x := ia.X
	if s, ok := x.(*ssa.Slice); ok {
		x = s.X
	}
	if _, isArray := deref(x.Type()).Underlying().(*types.Array); !isArray || !fa.isLocalCell(x) {
		return nil
	}
	return x
}

// carriedByError reports whether addr is a field of an error value this
// function allocates: storing a response there does not hand it off.
func (fa *funcAnalysis) carriedByError(addr ssa.Value) bool {
	fieldAddr, ok := addr.(*ssa.FieldAddr)
	return ok && fa.isLocalCell(fieldAddr.X) && implementsError(fieldAddr.X.Type())
}

// isBodyField reports whether field i of the struct that ptr points to is
// http.Response.Body.
func isBodyField(ptr types.Type, i int) bool {
	if !isResponsePtr(ptr) {
		return false
	}
	st, ok := types.Unalias(ptr).(*types.Pointer).Elem().Underlying().(*types.Struct)
	return ok && i < st.NumFields() && st.Field(i).Name() == "Body"
}
