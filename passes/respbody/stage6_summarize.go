package respbody

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Stage 6 (summarize): the states at the function's exits become its
// summary for callers.

// summarize builds the function's summary from the states at its exits.
// byWorld, when not nil, holds the findings of the runs that assumed a nil
// and a non-nil captured error (see opAssume): each gives its class.
func (fa *funcAnalysis) summarize(ev *events, f *findings, byWorld *[2]*findings) *Summary {
	s := &Summary{
		Params:   make([]Param, len(fa.fn.Params)+len(fa.fn.FreeVars)),
		NoReturn: len(f.exits) == 0,
	}
	for obl, o := range fa.obls {
		if o.isSource() {
			continue
		}
		var p Param
		for _, x := range f.exits {
			addByClass(&p.Exits, x.class, atExit(x.states[obl], x.class))
		}
		if byWorld != nil && decidingParam(fa.fn) < 0 {
			p.Exits = [2]state{}
			for c, wf := range byWorld {
				for _, x := range wf.exits {
					p.Exits[c] |= atExit(x.states[obl], x.class)
				}
			}
		}
		p.Exits = ownedExits(p.Exits)
		if p.Exits == both(sOpen) {
			p.Exits = [2]state{}
		}
		p.Partial = ev.partial[obl]
		p.Status = exitStatuses(f, obl)
		if p.Exits != [2]state{} {
			p.IfBool = fa.exitsByBool(f, obl)
		}
		s.Params[o.param] = p
	}
	s.Results = fa.resultSummaries(f)
	if p := decidingParam(fa.fn); p >= 0 && byWorld != nil {
		// What a returned response owes, by whether the output argument
		// is nil (worlds: okExit is nil, errExit is not).
		nonNil, isNil := fa.resultSummaries(byWorld[errExit]), fa.resultSummaries(byWorld[okExit])
		for i, r := range s.Results {
			if r.Kind == Fresh && nonNil[i].Kind == Fresh && isNil[i].Kind == Fresh && nonNil[i].Owes != isNil[i].Owes {
				r.Owes, r.OwesIfNil, r.NilParam = nonNil[i].Owes, isNil[i].Owes, p+1
				s.Results[i] = r
			}
		}
	}
	if n := fa.fn.Signature.Results().Len(); n > 0 && isError(fa.fn.Signature.Results().At(n-1).Type()) && len(f.exits) > 0 {
		s.Fails, s.NeverFails = true, true
		for _, x := range f.exits {
			s.Fails = s.Fails && x.class == classErr
			s.NeverFails = s.NeverFails && x.class == classOK
		}
	}
	if s.NeverFails {
		for i, p := range s.Params {
			p.Exits[errExit] = p.Exits[okExit]
			if p.Exits == both(sOpen) {
				p.Exits = [2]state{}
			}
			s.Params[i] = p
		}
	}
	if !s.Fails && !s.NeverFails {
		// A class of exits that a parameter's body never reaches live (the
		// path that returns an error after a call that cannot fail): none
		// of its fates, not "untouched".
		for i, p := range s.Params {
			for c := range p.Exits {
				if p.Exits[c] == 0 && p.Exits[1-c] != 0 {
					p.Exits[c] = sNone
				}
			}
			s.Params[i] = p
		}
	}
	if s.Fails {
		// No exit returns a nil error: callers never take that path
		// (applyParam), and the summary shows one class.
		for i, p := range s.Params {
			p.Exits[okExit] = p.Exits[errExit]
			if p.Exits == both(sOpen) {
				p.Exits = [2]state{}
			}
			s.Params[i] = p
		}
	}
	return s
}

// exitStatuses returns, by class of exit, the statuses obligation obl's
// response can have at the function's exits; zero when nothing is known (a
// class with no exit, or none that the response reaches, says nothing).
func exitStatuses(f *findings, obl int) [2]StatusSet {
	out := [2]StatusSet{noStatus, noStatus}
	for _, x := range f.exits {
		for c := range out {
			if x.class.has(c) {
				out[c] = out[c].or(x.status.get(obl))
			}
		}
	}
	for c := range out {
		if out[c].isEmpty() {
			out[c] = anyStatus
		}
	}
	return out
}

// addByClass joins st into the classes of exit x belongs to.
func addByClass(c *[2]state, x exitClass, st state) {
	for i := range c {
		if x.has(i) {
			c[i] |= st
		}
	}
}

// A resultTally gathers what the returns put in one result.
type resultTally struct {
	fresh, body, other bool
	// method: index+1 of the parameter that is the method of every fresh
	// response returned (-1: not one parameter).
	method int
	owes   [2]state
	// statuses: by class of exit and state owed, the statuses of the
	// fresh responses returned so.
	statuses  map[StatusOwes]StatusSet
	param     int   // index+1 of the parameter passed back; -1 when mixed
	sources   []int // the sources of the fresh responses returned
	reader    kind
	readerSet bool
}

func (t *resultTally) noteParam(p int) {
	if t.param == 0 || t.param == p+1 {
		t.param = p + 1
	} else {
		t.param = -1
	}
}

// resultSummaries finds, for each result that can carry a body (or an
// error), whether every return puts in it a response obtained here (and
// what its receiver then owes), a parameter passed back, or a reader over a
// parameter's body.
func (fa *funcAnalysis) resultSummaries(f *findings) []Result {
	results := fa.fn.Signature.Results()
	out := make([]Result, results.Len())
	ts := make([]resultTally, results.Len())
	for _, x := range f.exits {
		if len(x.ret.Results) != results.Len() {
			continue
		}
		for _, vr := range fa.exitVariants(x) {
			var errV ssa.Value
			if n := results.Len(); n > 0 && isError(results.At(n-1).Type()) {
				errV = fa.storedValue(unwrapIface(vr.vals[n-1]))
			}
			for i, v := range vr.vals {
				rt := results.At(i).Type()
				if !(ownable(rt) || isError(rt)) || fa.isRecursiveResult(v) {
					continue
				}
				t := &ts[i]
				if isNil(v) {
					addByClass(&t.owes, vr.class, sNone)
					t.noteStatus(vr.class, sNone, anyStatus)
					continue
				}
				if p, ok := v.(*ssa.Parameter); ok {
					t.noteParam(paramIndex(fa.fn, p))
					continue
				}
				fa.tallyRefs(t, x, vr.class, v, errV)
			}
		}
	}
	for i, t := range ts {
		switch {
		case t.other:
		case t.fresh && t.param == 0 && !t.readerSet:
			out[i] = Result{Kind: Fresh, Body: t.body, Owes: t.owes, MethodParam: max(t.method, 0)}
			if !t.body {
				// A caller can test the status of a response, not of a body.
				out[i].Statuses = t.statusOwes()
			}
			for j := range i {
				if out[j].Kind == Fresh && out[j].Body == t.body && sameSet(ts[j].sources, t.sources) {
					out[i].Same = j + 1
					break
				}
			}
		case !t.fresh && t.param > 0 && !t.readerSet:
			out[i] = Result{Kind: Passed, Param: t.param - 1}
		case !t.fresh && t.param > 0 && t.readerSet:
			out[i] = Result{Kind: Reader, Param: t.param - 1, ReaderKind: t.reader}
		}
	}
	return out
}

// ownedExits is what a parameter's exit states, by class, say to callers:
// kept on some path, whoever keeps it owns it; where the value was nil, a
// live body was not.
func ownedExits(exits [2]state) [2]state {
	for c, e := range exits {
		switch {
		case e&sEscaped != 0:
			exits[c] = sEscaped
		case e != sNone:
			exits[c] = e &^ sNone
		}
	}
	return exits
}

// exitsByBool returns the states of parameter obl at the exits, by the
// value of the function's first bool result there (a constant false or
// true; another value counts for both) and by class, if they differ.
func (fa *funcAnalysis) exitsByBool(f *findings, obl int) [2][2]state {
	var out [2][2]state
	results := fa.fn.Signature.Results()
	idx := firstBoolResult(fa.fn.Signature)
	if idx < 0 {
		return out
	}
	for _, x := range f.exits {
		if len(x.ret.Results) != results.Len() {
			return [2][2]state{}
		}
		v := fa.storedValue(x.ret.Results[idx])
		st := atExit(x.states[obl], x.class)
		c, isConst := v.(*ssa.Const)
		for val := range 2 {
			if !isConst || c.Value == nil || isConstTrue(c) == (val == 1) {
				addByClass(&out[val], x.class, st)
			}
		}
	}
	for val := range out {
		out[val] = ownedExits(out[val])
	}
	if out[0] == out[1] {
		return [2][2]state{}
	}
	return out
}

// sameSet reports whether a and b hold the same elements.
func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// tallyRefs notes what the value v, returned at exit x, holds.
func (fa *funcAnalysis) tallyRefs(t *resultTally, x exitStates, class exitClass, v, errV ssa.Value) {
	refs := fa.refs[v]
	if len(refs) == 0 {
		t.other = true
	}
	for _, r := range refs {
		o := fa.obls[r.obl]
		switch {
		case r.cell || r.kind == kClosure || r.kind == kCloser:
			t.other = true
		case o.isSource() && (r.kind == kResp || r.kind == kBody):
			t.fresh = true
			t.body = t.body || r.kind == kBody
			t.sources = appendUnique(t.sources, r.obl)
			_, p := fa.methodOf(o.call.Common())
			switch {
			case t.method == 0 && p >= 0:
				t.method = p + 1
			case t.method != p+1:
				t.method = -1
			}
			st := atExit(x.states[r.obl], class)
			if o.errVal != nil && fa.onlyErrOf(errV, o.errVal, true, 4) {
				// resp, err := Do(req); return resp, err: where err is
				// not nil, there is no response; where it is nil, there
				// is one.
				addByClass(&t.owes, class&classOK, owedBy(st&^sNone))
				addByClass(&t.owes, class&classErr, sNone)
				t.noteStatus(class&classOK, owedBy(st&^sNone), x.status.get(r.obl))
				t.noteStatus(class&classErr, sNone, x.status.get(r.obl))
			} else {
				addByClass(&t.owes, class, owedBy(st))
				t.noteStatus(class, owedBy(st), x.status.get(r.obl))
			}
		case o.isSource():
			t.other = true // a reader over a body obtained here
		case r.kind == kResp || r.kind == kBody:
			t.noteParam(o.param)
		default:
			t.noteParam(o.param)
			if t.readerSet && t.reader != r.kind {
				t.other = true
			}
			t.reader, t.readerSet = r.kind, true
		}
	}
}

// noteStatus records that a return of the given class left owed the
// state owes of a fresh response with one of the statuses st.
func (t *resultTally) noteStatus(class exitClass, owes state, st StatusSet) {
	if t.statuses == nil {
		t.statuses = make(map[StatusOwes]StatusSet)
	}
	for c := range 2 {
		if !class.has(c) {
			continue
		}
		owes.each(func(a state) state {
			k := StatusOwes{Class: exitClass(1 << c), Owes: a}
			prev, ok := t.statuses[k]
			if !ok {
				prev = noStatus
			}
			t.statuses[k] = prev.or(st)
			return a
		})
	}
}

// maxStatusOwes bounds the ways a summary splits a result by status: each
// is one more run of the dataflow in the callers.
const maxStatusOwes = 6

// statusOwes returns the ways the fresh responses were returned, split by
// status, when the statuses tell some apart: nil otherwise.
func (t *resultTally) statusOwes() []StatusOwes {
	var out []StatusOwes
	informative := false
	for k, st := range t.statuses {
		if st.isEmpty() {
			continue
		}
		k.Status = st
		informative = informative || !st.isAny()
		out = append(out, k)
	}
	// Every state owed must be one of the ways, or the runs of a caller
	// would miss it.
	for c := range 2 {
		var covered state
		for _, w := range out {
			if w.Class == exitClass(1<<c) {
				covered |= w.Owes
			}
		}
		(t.owes[c] &^ covered).each(func(a state) state {
			out = append(out, StatusOwes{Class: exitClass(1 << c), Owes: a, Status: anyStatus})
			return a
		})
	}
	if !informative || len(out) > maxStatusOwes {
		return nil
	}
	slices.SortFunc(out, func(a, b StatusOwes) int {
		if a.Class != b.Class {
			return int(a.Class) - int(b.Class)
		}
		return int(a.Owes) - int(b.Owes)
	})
	return out
}

// An exitVariant is what one return returns along one way into it.
type exitVariant struct {
	vals  []ssa.Value
	class exitClass
}

// exitVariants splits a return of values merged just before it
// (return resp, err after an if/else or a loop) into one variant per
// predecessor, so that the values that arrive together are seen together:
// the error that comes with a response tells whether it is the caller's.
func (fa *funcAnalysis) exitVariants(x exitStates) []exitVariant {
	results := fa.returnedValues(x.ret)
	whole := []exitVariant{{results, x.class}}
	b := x.ret.Block()
	merged := false
	for _, v := range results {
		if phi, ok := v.(*ssa.Phi); ok && phi.Block() == b {
			merged = true
		}
	}
	if !merged || x.forked || len(b.Preds) > 16 {
		return whole
	}
	n := len(results)
	hasErr := isError(fa.fn.Signature.Results().At(n - 1).Type())
	var out []exitVariant
	for i, pred := range b.Preds {
		vals := make([]ssa.Value, n)
		for j, v := range results {
			if phi, ok := v.(*ssa.Phi); ok && phi.Block() == b {
				v = phi.Edges[i]
			}
			vals[j] = v
		}
		class := x.class
		if hasErr {
			if c := fa.errClass(vals[n-1], pred, 4) & x.class; c != 0 {
				class = c
			}
		}
		out = append(out, exitVariant{vals, class})
	}
	return out
}

// isRecursiveResult reports whether v is a result of a call of a function
// whose summary is being computed (this one, or one that calls it): its
// results are what this function's are, and add nothing to them.
func (fa *funcAnalysis) isRecursiveResult(v ssa.Value) bool {
	if e, ok := v.(*ssa.Extract); ok {
		v = e.Tuple
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	callee := call.Common().StaticCallee()
	return callee != nil && (callee == fa.fn || fa.c.busy[callee])
}

// onlyErrOf reports whether the error v is nil or errVal, through the
// variables and merges it passes (var err error; if ... { r, err = call() };
// return r, err): where v is not nil, it is that call's error.
// A bare nil (top) is not that call's error: it says nothing of it.
func (fa *funcAnalysis) onlyErrOf(v, errVal ssa.Value, top bool, depth int) bool {
	v = fa.storedValue(unwrapIface(v))
	switch {
	case v == errVal:
		return true
	case isNil(v):
		return !top
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || depth == 0 {
		return false
	}
	for _, e := range phi.Edges {
		if !fa.onlyErrOf(e, errVal, false, depth-1) {
			return false
		}
	}
	return true
}

// owedBy is what the receiver of a returned body in state s owes: a close
// and a drain (sOpen), a close only (read to EOF or up to a bound, a failed
// read, held, empty), or nothing (sNone: it is nil, closed, replaced, or
// someone else's).
func owedBy(s state) state {
	return s.each(func(a state) state {
		if a&owesNothing != 0 {
			return sNone
		}
		return a
	})
}

// ownable reports whether a result of type t can carry a response or body
// to the caller.
func ownable(t types.Type) bool {
	return isResponsePtr(t) || isResponseWrapper(t) || bodyLike(t) || ownsBody(t)
}
