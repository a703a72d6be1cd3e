package respbody

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// summarize builds the function's summary from its findings.
func (fa *funcAnalysis) summarize(f *findings) *Summary {
	s := &Summary{
		Params:   make([]Effect, len(fa.fn.Params)+len(fa.fn.FreeVars)),
		NoReturn: fa.neverReturns(),
	}
	for obl, o := range fa.obls {
		if o.isSource() || f == nil {
			continue
		}
		s.Params[o.param] = paramEffect(f.paramExit[obl], f.paramUnread[obl], f.returned[obl])
	}
	s.Results = fa.resultSummaries()
	return s
}

// paramEffect condenses the states a parameter's body ends in, over all the
// function's exits, into what callers need to know.
func paramEffect(exit state, closedUnread, returned bool) Effect {
	var e Effect
	if exit&sEscaped != 0 {
		e |= Keeps
	}
	if exit&(sClosed|sDeferred|sDeferredRead) != 0 {
		e |= Closes
		if closedUnread || exit&sDeferred != 0 {
			e |= ClosesUnread
		} else {
			// Every close came after a drain (the parameter starts open).
			e |= Drains
		}
	}
	if exit&(sRead|sDeferredRead) != 0 {
		e |= Drains
	}
	if returned {
		e |= Returns
	}
	return e
}

// resultSummaries finds the results that are always a fresh response (or
// body) obtained here, or always nil or a parameter passed back (a
// response, a body, or an error).
func (fa *funcAnalysis) resultSummaries() []Result {
	results := fa.fn.Signature.Results()
	out := make([]Result, results.Len())
	type tally struct {
		fresh, body, other bool
		param              int // index+1; -1 when mixed
	}
	ts := make([]tally, results.Len())
	note := func(t *tally, p int) {
		if t.param == 0 || t.param == p+1 {
			t.param = p + 1
		} else {
			t.param = -1
		}
	}
	for _, b := range fa.fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, v := range ret.Results {
			rt := results.At(i).Type()
			if isNil(v) || !(ownable(rt) || isError(rt)) {
				continue
			}
			t := &ts[i]
			if p, ok := v.(*ssa.Parameter); ok {
				note(t, paramIndex(fa.fn, p))
				continue
			}
			refs := fa.refs[v]
			if len(refs) == 0 {
				t.other = true
			}
			for _, r := range refs {
				o := fa.obls[r.obl]
				switch {
				case r.cell || (r.kind != kResp && r.kind != kBody):
					t.other = true
				case o.isSource():
					t.fresh = true
					t.body = t.body || r.kind == kBody
				default:
					note(t, o.param)
				}
			}
		}
	}
	for i, t := range ts {
		switch {
		case t.other:
		case t.fresh && t.param == 0:
			out[i] = Result{Fresh: true, Body: t.body}
		case !t.fresh && t.param > 0:
			out[i] = Result{Param: t.param}
		}
	}
	return out
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

// ownable reports whether a result of type t can carry a response or body
// to the caller.
func ownable(t types.Type) bool {
	return isResponsePtr(t) || bodyLike(t)
}
