package respbody

// This file finds what a branch tells about an obligation: nil on the
// edge where the call failed, read to EOF on the edge where input ended.

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// ifEvents finds the refinements of a branch: a nil check of a response or
// of a source's error, a Scan or More loop ending, a read returning io.EOF.
func (fa *funcAnalysis) ifEvents(b *ssa.BasicBlock, ifInstr *ssa.If) {
	ee := &edgeEvents{}
	switch cond := ifInstr.Cond.(type) {
	case *ssa.BinOp:
		if cond.Op != token.EQL && cond.Op != token.NEQ {
			break
		}
		x, y := cond.X, cond.Y
		if isNil(x) {
			x, y = y, x
		}
		// On the edge where the comparison is true: EQL -> 0, NEQ -> 1.
		eqEdge := 0
		if cond.Op == token.NEQ {
			eqEdge = 1
		}
		switch {
		case isNil(y):
			for _, obl := range fa.nilChecked(x) {
				ee.nilOn[eqEdge] = appendUnique(ee.nilOn[eqEdge], obl)
			}
			for _, obl := range fa.errChecked(x) {
				ee.nilOn[1-eqEdge] = appendUnique(ee.nilOn[1-eqEdge], obl)
			}
			// A read that failed owes no drain: the connection is
			// broken, or the caller gave up on a malformed body.
			ee.drainOn[1-eqEdge] = fa.readerOfErr(x)
			for _, obl := range ee.drainOn[1-eqEdge] {
				fa.gaveUp[obl] = true
			}
		case isEOF(y):
			ee.drainOn[eqEdge] = fa.readerOfErr(x)
		case isEOF(x):
			ee.drainOn[eqEdge] = fa.readerOfErr(y)
		case isSwitchingProtocols(y):
			// A 101 response's body is the upgraded connection, which
			// the caller now uses as it likes.
			ee.escapeOn[eqEdge] = fa.statusOf(x)
		case isSwitchingProtocols(x):
			ee.escapeOn[eqEdge] = fa.statusOf(y)
		}
	case *ssa.Call:
		common := cond.Common()
		if callee := common.StaticCallee(); callee != nil {
			key := funcKey(callee)
			switch {
			case exhausted[key] && len(common.Args) > 0:
				ee.drainOn[1] = fa.oblsOf(nil, common.Args[0])
			case errorIs[key] && len(common.Args) == 2 && isEOF(unwrapIface(common.Args[1])):
				ee.drainOn[0] = fa.readerOfErr(common.Args[0])
			case errorIs[key] && len(common.Args) == 2 && !isNil(common.Args[1]):
				// True only for a non-nil error: the call failed.
				ee.nilOn[0] = fa.errChecked(common.Args[0])
			}
		}
	}
	for i := range 2 {
		if len(ee.nilOn[i])+len(ee.drainOn[i])+len(ee.escapeOn[i]) > 0 {
			fa.edges[b] = ee
		}
	}
}

// statusOf returns the obligations whose StatusCode v is.
func (fa *funcAnalysis) statusOf(v ssa.Value) []int {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	fieldAddr, ok := load.X.(*ssa.FieldAddr)
	if !ok || !isResponsePtr(fieldAddr.X.Type()) {
		return nil
	}
	st := fieldAddr.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if st.Field(fieldAddr.Field).Name() != "StatusCode" {
		return nil
	}
	var out []int
	for _, r := range fa.refs[fieldAddr.X] {
		if r.kind == kResp && !r.cell {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

func isSwitchingProtocols(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(c.Value)
	return exact && n == 101
}

// nilChecked returns the obligations whose response or body is v itself,
// so that v == nil means there is nothing to close.
func (fa *funcAnalysis) nilChecked(v ssa.Value) []int {
	var out []int
	for _, r := range fa.refs[v] {
		if !r.cell && (r.kind == kResp || r.kind == kBody) {
			out = appendUnique(out, r.obl)
		}
	}
	return out
}

// errChecked returns the source obligations whose call's error is v: where
// v != nil, the call returned no response to close.
func (fa *funcAnalysis) errChecked(v ssa.Value) []int {
	// err may merge the errors of several calls (if/else, retries): where
	// it is non-nil, the call that produced it returned no response.
	vs := []ssa.Value{v}
	if phi, ok := v.(*ssa.Phi); ok {
		vs = phi.Edges
	}
	var out []int
	for _, v := range vs {
		v = fa.passedErr(fa.storedValue(v))
		for i, o := range fa.obls {
			if o.isSource() && o.errVal != nil && o.errVal == v {
				out = appendUnique(out, i)
			}
		}
	}
	return out
}

// passedErr follows an error back through helpers that return either nil
// or the error they were given (resp, err := check(http.Get(u))).
func (fa *funcAnalysis) passedErr(v ssa.Value) ssa.Value {
	for range 8 {
		var call *ssa.Call
		idx := 0
		switch x := v.(type) {
		case *ssa.Extract:
			call, _ = x.Tuple.(*ssa.Call)
			idx = x.Index
		case *ssa.Call:
			call = x
		}
		if call == nil {
			return v
		}
		s := fa.c.summary(call.Common().StaticCallee())
		if s == nil || idx >= len(s.Results) || s.Results[idx].Param == 0 {
			return v
		}
		args := call.Common().Args
		if p := s.Results[idx].Param - 1; p < len(args) {
			v = fa.storedValue(args[p])
			continue
		}
		return v
	}
	return v
}

// storedValue sees through a load of a variable (of this function, or
// captured from the enclosing one) to the value most recently stored in it,
// in the same block.
func (fa *funcAnalysis) storedValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	if _, captured := load.X.(*ssa.FreeVar); !captured && !fa.isLocalCell(load.X) {
		return v
	}
	instrs := load.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if instrs[i] == load {
			for j := i - 1; j >= 0; j-- {
				if st, ok := instrs[j].(*ssa.Store); ok && st.Addr == load.X {
					return st.Val
				}
			}
			break
		}
	}
	return v
}

// readerOfErr returns the obligations read by the call whose error result
// is err: where err is io.EOF, that reader has reached the end.
func (fa *funcAnalysis) readerOfErr(err ssa.Value) []int {
	err = fa.storedValue(unwrapIface(err))
	var call *ssa.Call
	switch e := err.(type) {
	case *ssa.Extract:
		call, _ = e.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = e
	}
	if call == nil {
		return nil
	}
	common := call.Common()
	vs := common.Args
	if common.IsInvoke() {
		vs = []ssa.Value{common.Value}
	}
	var out []int
	for _, v := range vs {
		for _, r := range fa.refs[v] {
			if !r.cell && (r.kind == kBody || r.kind.isWrapper()) {
				out = appendUnique(out, r.obl)
			}
		}
	}
	return out
}
