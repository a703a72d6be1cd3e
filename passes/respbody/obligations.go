package respbody

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An obligation is one response body that someone must close: either one
// this function obtains (a source call), or one it receives in a parameter or
// free variable, whose fate the function's summary records for callers.
type obligation struct {
	call   *ssa.Call // the source call; nil for a parameter
	result int       // which result of call
	param  int       // index in Params then FreeVars; -1 for a source
	seeds  []ssa.Value
	kind   kind // kResp or kBody
	cell   bool // a parameter that is the address of a captured variable
	errVal ssa.Value
	name   string // the variable's name, for messages ("" if none)
	callee string // how the source call names its callee, for messages
	// unpooled: the body does not hold a pooled connection (it was read
	// off a connection the caller manages), so no drain is owed.
	unpooled bool
	// noDrain: closing the body unread wastes nothing (unpooled, or an
	// HTTP/2 stream).
	noDrain bool

	defers []ssa.Instruction // deferred closes that may run before a drain
}

func (o *obligation) isSource() bool { return o.param < 0 }

// A funcAnalysis is the state of the analysis of one function.
type funcAnalysis struct {
	c    *checker
	fn   *ssa.Function
	obls []*obligation

	refs       map[ssa.Value][]ref
	sourceOf   map[*ssa.Call][]int // the obligations a call produces
	events     map[*ssa.BasicBlock][]event
	edges      map[*ssa.BasicBlock]*edgeEvents
	cellDefers map[ssa.Value][]event // deferred effects on whatever a cell holds
	loops      *loops                // the loops of the CFG, computed on demand
	// gaveUp: obligations whose drain, on some edge, is a read that failed
	// or the end of a loop over a stream, not the end of the body.
	gaveUp map[int]bool
}

func newFuncAnalysis(c *checker, fn *ssa.Function) *funcAnalysis {
	return &funcAnalysis{
		c:          c,
		fn:         fn,
		refs:       make(map[ssa.Value][]ref),
		sourceOf:   make(map[*ssa.Call][]int),
		events:     make(map[*ssa.BasicBlock][]event),
		edges:      make(map[*ssa.BasicBlock]*edgeEvents),
		cellDefers: make(map[ssa.Value][]event),
		gaveUp:     make(map[int]bool),
	}
}

// findObligations creates an obligation for each parameter or free variable
// that may hold a response or body, and for each result of each call that
// produces a fresh one.
func (fa *funcAnalysis) findObligations() {
	var params []ssa.Value
	for _, p := range fa.fn.Params {
		params = append(params, p)
	}
	for _, fv := range fa.fn.FreeVars {
		params = append(params, fv)
	}
	for i, p := range params {
		if k, cell, ok := trackedKind(p.Type()); ok {
			fa.obls = append(fa.obls, &obligation{
				param: i, seeds: []ssa.Value{p}, kind: k, cell: cell, name: p.Name(),
			})
		}
	}
	for _, b := range fa.fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				fa.addSources(call)
			}
		}
	}
}

// addSources adds an obligation for each result of call that is a fresh
// response or body owned by the caller.
func (fa *funcAnalysis) addSources(call *ssa.Call) {
	rts := resultTypes(call)
	var errVal ssa.Value
	if n := len(rts); n > 1 && isError(rts[n-1]) {
		if vs := resultValues(call, n-1); len(vs) > 0 {
			errVal = vs[0]
		}
	}
	for i, t := range rts {
		k, ok := fa.freshResult(call, i, t)
		if !ok {
			continue
		}
		o := &obligation{
			call: call, result: i, param: -1, kind: k,
			seeds: resultValues(call, i), errVal: errVal,
		}
		o.name, o.callee = fa.c.syntax.sourceNames(call, i)
		key := funcKey(call.Common().StaticCallee())
		o.unpooled = unpooled[key]
		o.noDrain = o.unpooled || http2Streams[key]
		fa.sourceOf[call] = append(fa.sourceOf[call], len(fa.obls))
		fa.obls = append(fa.obls, o)
	}
}

// freshResult reports whether result i (of type t) of call is a response or
// body that the caller owns, and of which kind.
func (fa *funcAnalysis) freshResult(call *ssa.Call, i int, t types.Type) (kind, bool) {
	common := call.Common()
	callee := common.StaticCallee()
	key := funcKey(callee)
	if headOnly[key] || notSources[key] || fa.isHeadRequest(common) {
		return 0, false
	}
	if callee != nil && !fa.c.local(callee) && funcPkgPath(callee) == "net/http" {
		// A call into net/http: every response it returns is the
		// caller's. (Inside net/http, its own summaries know better.)
		return kResp, isResponsePtr(t)
	}
	if s := fa.c.summary(callee); s != nil || (callee != nil && fa.c.local(callee)) {
		// A function of this package, or one whose package exported its
		// summary: believe the summary.
		if s == nil || i >= len(s.Results) || !s.Results[i].Fresh {
			return 0, false
		}
		if s.Results[i].Body {
			return kBody, true
		}
		return kResp, true
	}
	if !isResponsePtr(t) {
		return 0, false
	}
	if callee != nil {
		// A function of another package, with no summary: one that takes a
		// response is taken to pass it through, not to make a new one.
		sig := callee.Signature
		for j := 0; j < sig.Params().Len(); j++ {
			if isResponsePtr(sig.Params().At(j).Type()) {
				return 0, false
			}
		}
		if r := sig.Recv(); r != nil && isResponsePtr(r.Type()) {
			return 0, false
		}
	}
	// Interface methods (a Doer, a RoundTripper) and function values.
	return kResp, true
}

// isHeadRequest reports whether a call sends a request built with the
// constant method "HEAD": its response has no body.
func (fa *funcAnalysis) isHeadRequest(common *ssa.CallCommon) bool {
	for _, a := range common.Args {
		if !isRequestPtr(a.Type()) {
			continue
		}
		a = fa.requestOrigin(a)
		e, ok := a.(*ssa.Extract)
		if !ok || e.Index != 0 {
			continue
		}
		mk, ok := e.Tuple.(*ssa.Call)
		if !ok {
			continue
		}
		idx, known := requestMakers[funcKey(mk.Common().StaticCallee())]
		if !known || idx >= len(mk.Common().Args) {
			continue
		}
		if m, ok := constString(mk.Common().Args[idx]); ok && m == "HEAD" {
			return true
		}
	}
	return false
}

// requestOrigin follows a request back through copies
// (req.WithContext(ctx)) and variables to where it was made.
func (fa *funcAnalysis) requestOrigin(v ssa.Value) ssa.Value {
	for range 8 {
		v = fa.storedValue(v)
		call, ok := v.(*ssa.Call)
		if !ok || !requestCopies[funcKey(call.Common().StaticCallee())] || len(call.Common().Args) == 0 {
			return v
		}
		v = call.Common().Args[0]
	}
	return v
}
