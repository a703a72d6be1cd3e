package respbody

import (
	"golang.org/x/tools/go/ssa"
)

// callSummary answers "what does this call do" for every stage, in one
// order: a hook or an entry of the standard-library knowledge, then the
// rule for net/http and for observing packages, then the summary of a
// function of this package, then the fact another package exported. It
// returns nil for code respbody cannot see (an interface method or a
// function value it has no entry for, a function of a package it did not
// analyze, a recursive call): callers decide from the types alone.
func (c *checker) callSummary(common *ssa.CallCommon) *Summary {
	if common.IsInvoke() {
		return knowledge[common.Method.Origin().FullName()]
	}
	callee := common.StaticCallee()
	if callee == nil {
		return nil
	}
	key := funcKey(callee)
	if h := hooks[key]; h != nil {
		return h(common.Args)
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
	case observerPackages[pkg]:
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
