package respbody

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// callSummary answers "what does this call do" for every stage, in one
// order: a hook or an entry of the standard-library knowledge, then the
// summary of a function of this package (or of an unexported interface's
// implementations in it), then the rule for net/http and for observing
// packages, then the fact another package exported. It
// returns nil for code respbody cannot see (an interface method or a
// function value it has no entry for, a function of a package it did not
// analyze, a recursive call): callers decide from the types alone.
func (c *checker) callSummary(common *ssa.CallCommon) *Summary {
	if common.IsInvoke() {
		if s := knowledge[common.Method.Origin().FullName()]; s != nil {
			return s
		}
		return c.implementations(common)
	}
	callee := common.StaticCallee()
	if callee == nil {
		return nil
	}
	if s := identitySummary(callee); s != nil {
		return s
	}
	key := funcKey(callee)
	if h := hooks[key]; h != nil {
		if s := h(c, common.Args); s != nil {
			return s
		}
	}
	if s := knowledge[key]; s != nil {
		return s
	}
	if c.local(callee) {
		return c.summary(callee)
	}
	switch pkg := funcPkgPath(callee); {
	case pkg == "net/http":
		// Inside net/http its own code is local, and summarized above.
		return httpSummary(callee.Signature)
	case observerPackages[pkg] && !keepers[key]:
		return observes
	}
	return c.importedSummary(callee)
}

// isNoReturn reports whether the function named key (types.Func.FullName)
// is known never to return.
func isNoReturn(key string) bool {
	s := knowledge[key]
	return s != nil && s.NoReturn
}

// implementations summarizes a call of a method of an unexported interface
// of this package by the methods of the package's types that implement it:
// other packages cannot name the interface, so these are the code the call
// reaches (an SDK's internal apiClient and its one implementation). It
// returns nil for any other interface, or when an implementation has no
// summary.
//
// Types and methods declared in _test.go files do not count: a package is
// analyzed without its tests (the in-process route, its importers' facts)
// and with them (its test variant, the one go vet and the default route
// analyze), and its own files must be judged the same in both. A test's
// fake (a getter whose Get returns a NopCloser body) would otherwise stand
// for the production client in the test variant only, and hide there the
// leaks of every caller of the interface.
func (c *checker) implementations(common *ssa.CallCommon) *Summary {
	named, ok := types.Unalias(common.Value.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() != c.pass.Pkg || named.Obj().Exported() {
		return nil
	}
	iface, ok := named.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if s, done := c.devirtualized[common.Method]; done {
		return s
	}
	if c.devirtualizing[common.Method] {
		return nil // recursion: unknown for now, not remembered
	}
	c.devirtualizing[common.Method] = true
	defer delete(c.devirtualizing, common.Method)
	var sums []*Summary
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) || c.inTestFile(tn.Pos()) {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			if !types.Implements(t, iface) || c.implementsInTests(t, iface) {
				continue
			}
			fn := programFor(c.pass.Fset).lookupMethod(c.pkg.Prog, t, common.Method.Pkg(), common.Method.Name())
			s := c.summary(fn)
			if s == nil {
				c.devirtualized[common.Method] = nil
				return nil
			}
			sums = append(sums, s)
			break
		}
	}
	s := joinSummaries(sums)
	c.devirtualized[common.Method] = s
	return s
}

// joinSummaries is the summary of a call that may reach any of the given
// functions: the join of their exit states, what any of them owes.
func joinSummaries(sums []*Summary) *Summary {
	if len(sums) == 0 {
		return nil
	}
	out := &Summary{NoReturn: true, Fails: true}
	for _, s := range sums {
		out.NoReturn = out.NoReturn && s.NoReturn
		out.Fails = out.Fails && s.Fails
		for i := range max(len(s.Params), len(out.Params)) {
			for len(out.Params) <= i {
				out.Params = append(out.Params, Param{})
			}
			p, q := &out.Params[i], s.param(i)
			for c := range p.Exits {
				p.Exits[c] |= orOpen(q.Exits[c])
			}
			p.Partial = p.Partial || q.Partial
		}
	}
	for i := range out.Params {
		if out.Params[i].Exits == both(sOpen) {
			out.Params[i].Exits = [2]state{}
		}
	}
	n := 0
	for _, s := range sums {
		n = max(n, len(s.Results))
	}
	out.Results = make([]Result, n)
	for i := range out.Results {
		r := sums[0].result(i)
		for _, s := range sums[1:] {
			r = joinResults(r, s.result(i))
		}
		out.Results[i] = r
	}
	return out
}

// orOpen reads an untouched parameter's exit states as open.
func orOpen(s state) state {
	if s == 0 {
		return sOpen
	}
	return s
}

// joinResults is a result that may be either.
func joinResults(a, b Result) Result {
	if !slices.Equal(a.Statuses, b.Statuses) {
		a.Statuses, b.Statuses = nil, nil
	}
	switch {
	case a.equal(b):
		return a
	case a.Kind == Fresh || b.Kind == Fresh:
		if a.Kind != Fresh {
			a, b = b, a
		}
		if b.Kind != Fresh && b.Kind != NotOwned {
			return Result{}
		}
		for c := range a.Owes {
			a.Owes[c] |= b.Owes[c] | sNone
		}
		return a
	}
	return Result{}
}

// identitySummary returns the summary of an instance of a generic function
// that can only give back the value it is given, or nil: its origin takes
// exactly one parameter of a type parameter T whose constraint has no
// methods (it can call nothing on it), no other parameter mentions T, and
// its first result is T, beside at most an error or a bool (Must[T any](v T,
// err error) T, lo.Must, a check(v T, err error) T). Such a function cannot
// make a T (a zero value is nil), so its result is the argument it was
// given: resp := Must(c.Get(u)) owes what the response owes. Its code need
// not be seen, which a package that does not use net/http (lo) is not.
func identitySummary(fn *ssa.Function) *Summary {
	origin := fn.Origin()
	if origin == nil || len(fn.TypeArgs()) == 0 {
		return nil
	}
	sig := origin.Signature
	res := sig.Results()
	if res.Len() == 0 || res.Len() > 2 {
		return nil
	}
	tp, ok := types.Unalias(res.At(0).Type()).(*types.TypeParam)
	if !ok {
		return nil
	}
	if iface, ok := tp.Constraint().Underlying().(*types.Interface); !ok || iface.NumMethods() > 0 {
		return nil
	}
	if res.Len() == 2 {
		last := res.At(1).Type()
		if b, ok := last.Underlying().(*types.Basic); !isError(last) && (!ok || b.Kind() != types.Bool) {
			return nil
		}
	}
	param := -1
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		switch {
		case types.Unalias(t) == types.Type(tp):
			if param >= 0 {
				return nil
			}
			param = i
		case mentionsTypeParam(t, tp):
			return nil
		}
	}
	if param < 0 || sig.Recv() != nil {
		return nil
	}
	return &Summary{Results: []Result{{Kind: Passed, Param: param}}}
}

// mentionsTypeParam reports whether t is built from the type parameter tp
// ([]T, map[K]T, func(T), *T, chan T).
func mentionsTypeParam(t types.Type, tp *types.TypeParam) bool {
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return t == tp
	case *types.Pointer:
		return mentionsTypeParam(t.Elem(), tp)
	case *types.Slice:
		return mentionsTypeParam(t.Elem(), tp)
	case *types.Array:
		return mentionsTypeParam(t.Elem(), tp)
	case *types.Chan:
		return mentionsTypeParam(t.Elem(), tp)
	case *types.Map:
		return mentionsTypeParam(t.Key(), tp) || mentionsTypeParam(t.Elem(), tp)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if mentionsTypeParam(t.At(i).Type(), tp) {
				return true
			}
		}
	case *types.Signature:
		return mentionsTypeParam(t.Params(), tp) || mentionsTypeParam(t.Results(), tp)
	case *types.Named:
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if mentionsTypeParam(t.TypeArgs().At(i), tp) {
				return true
			}
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if mentionsTypeParam(t.Field(i).Type(), tp) {
				return true
			}
		}
	}
	return false
}

// implementsInTests reports whether t implements iface only through a
// method declared in a _test.go file (a method of a production type added
// by a test, or promoted from a type a test declares).
func (c *checker) implementsInTests(t types.Type, iface *types.Interface) bool {
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.Pkg(), m.Name())
		if obj != nil && c.inTestFile(obj.Pos()) {
			return true
		}
	}
	return false
}

// inTestFile reports whether pos is in a _test.go file of the package (by
// the file's own name, not one a //line directive gives).
func (c *checker) inTestFile(pos token.Pos) bool {
	return pos.IsValid() && strings.HasSuffix(c.pass.Fset.PositionFor(pos, false).Filename, "_test.go")
}
