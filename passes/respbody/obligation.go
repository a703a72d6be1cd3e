package respbody

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// This file defines an obligation: a response or body that one function
// answers for, and how the report names it.

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
	// errVal is the error that is non-nil exactly where there is no body:
	// the source call's error result, or, for a response parameter, the
	// error parameter beside it (a helper given what Do returned).
	errVal ssa.Value
	// start holds, by class of the call's error, the states a source's
	// body starts in: what its receiver owes.
	start [2]state
	// statuses splits what a source owes by the statuses its response can
	// have, as its callee's summary tells (nil: it does not); see
	// events.bySource.
	statuses []StatusOwes
	name     string // the variable's name, for messages ("" if none)
	callee   string // how the source call names its callee, for messages
	// owned: a parameter this function owns, as a source: the response a
	// range-over-func loop body is given (for resp := range seq).
	owned bool
	pos   token.Pos // where an owned parameter is declared
	// dropped: the source sends through a transport this function builds
	// and drops, which keeps its idle connections (see transport.go).
	dropped bool
	// goStmt and ch: a response in flight, which the goroutine goStmt
	// starts sends on ch, for this function to receive (stage1_sends.go).
	// name is then the channel's name.
	goStmt *ssa.Go
	ch     *ssa.MakeChan
}

func (o *obligation) isSource() bool { return o.param < 0 }

// owner reports whether the obligation is held by a value of a type that
// owns the body (ownsBody): it is closed by its own Close, not read.
func (o *obligation) owner() bool {
	return len(o.seeds) > 0 && ownsBody(o.seeds[0].Type())
}

// reported reports whether this function answers for the obligation's
// leaks and closes (a source, or an owned parameter).
func (o *obligation) reported() bool { return o.param < 0 || o.owned }

// The obligations of one function, stage 1's result.
type obligations struct {
	obls []*obligation
	// sourceOf: the obligations each source call produces.
	sourceOf map[*ssa.Call][]int
	// pendingOn: the responses in flight on each channel.
	pendingOn map[ssa.Value][]int
}

// discarded reports whether the source's response is never used at all.
func (o *obligation) discarded() bool {
	for _, v := range o.seeds {
		if refs := v.Referrers(); refs != nil && len(*refs) > 0 {
			return false
		}
	}
	return true
}

// subject names the body in a message: "resp.Body", or "the body of the
// response from c.Do" when the response has no name.
func (o *obligation) subject() string {
	if o.name != "" {
		if o.kind == kBody {
			return o.name
		}
		return o.name + ".Body"
	}
	return "the body of the response from " + o.calleeOr("this call")
}

// bodyExpr is the expression for the body in a suggested statement.
func (o *obligation) bodyExpr() string {
	switch {
	case o.name == "":
		return "resp.Body"
	case o.kind == kBody:
		return o.name
	}
	return o.name + ".Body"
}

func (o *obligation) calleeOr(dflt string) string {
	if o.callee != "" {
		return o.callee
	}
	return dflt
}

// Diagnostic categories.
const (
	// CategoryUnclosed is the category of a body that is never closed.
	CategoryUnclosed = "unclosed"
	// CategoryUndrained is the category of a body closed before it was
	// read to EOF.
	CategoryUndrained = "undrained"
)
