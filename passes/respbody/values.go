package respbody

import (
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A kind says what an SSA value holds of an obligation's response.
type kind uint8

const (
	kResp    kind = iota // the *http.Response itself (possibly boxed)
	kBody                // its Body (possibly boxed as io.Reader, io.Closer, any)
	kReader              // a reader over the body: reading it to EOF reads the body to EOF
	kBounded             // a reader over at most part of the body (io.LimitReader): its errors come from the body's own Read
	kScanner             // a bufio.Scanner over the body
	kDecoder             // a json or xml decoder over the body
	kClosure             // a closure that captured the response or its body
	// kCloser: a function value that closes the body when called: the
	// method value resp.Body.Close, or a parameter of type func() error
	// (closeQuietly(f func() error)), whose summary says whether the
	// function calls it.
	kCloser
)

// isWrapper reports whether k is a reader, scanner or decoder over the
// body: reading it reads the body, closing it does not close the body.
func (k kind) isWrapper() bool {
	return k == kReader || k == kBounded || k == kScanner || k == kDecoder
}

// A ref ties an SSA value to an obligation: the value holds (kind) of
// obligation obl, or, if cell is set, is the address of a variable that
// holds it.
type ref struct {
	obl  int
	kind kind
	cell bool
}

// isResponsePtr reports whether t is exactly *net/http.Response.
func isResponsePtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), "net/http", "Response")
}

// isResponseWrapper reports whether t is a pointer to an SDK's response
// type that embeds *http.Response (type Response struct { *http.Response;
// ... }): it holds the body as the response does.
func isResponseWrapper(t types.Type) bool {
	return embeddedResponse(t) >= 0
}

// embeddedResponse returns the index of the embedded *http.Response field
// of the struct t points to, or -1.
func embeddedResponse(t types.Type) int {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return -1
	}
	if _, named := types.Unalias(p.Elem()).(*types.Named); !named {
		return -1
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return -1
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Embedded() && isResponsePtr(f.Type()) {
			return i
		}
	}
	return -1
}

// isRequestPtr reports whether t is exactly *net/http.Request.
func isRequestPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), "net/http", "Request")
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

// bodyLike reports whether an interface type can hold a response body in a
// way that matters: one with Read or Close. (A body passed as any is not
// followed: functions taking any are many, bodies passed to them few.)
func bodyLike(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && (hasMethod(it, "Close") || hasMethod(it, "Read"))
}

// anyBodyLike reports whether some element of the tuple can hold a body.
func anyBodyLike(t *types.Tuple) bool {
	for i := 0; i < t.Len(); i++ {
		if bodyLike(t.At(i).Type()) {
			return true
		}
	}
	return false
}

// isError reports whether t is the predeclared error type.
func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func hasMethod(it *types.Interface, name string) bool {
	for i := 0; i < it.NumMethods(); i++ {
		if it.Method(i).Name() == name {
			return true
		}
	}
	return false
}

// ownsBody reports whether t is a pointer to a named struct type that keeps
// a body (or a response) in a field of its own and has its own Close, but
// is no reader itself: an SDK's stream or object reader
// (type Stream struct{ rc io.ReadCloser }). Such a value stands for the body
// it holds: it is owed its Close, and what its methods do to the body is in
// their summaries. A reader with a Close over the body is a wrapper
// instead (see wrapperStore).
func ownsBody(t types.Type) bool {
	return ownedField(t, -1)
}

// ownedField reports whether field i of the struct an owner type t points
// to holds its body or response (any such field, for i < 0).
func ownedField(t types.Type, i int) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	if _, named := types.Unalias(p.Elem()).(*types.Named); !named {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	// The fields first: few structs hold a body, and the method lookups
	// cost more.
	for j := 0; j < st.NumFields(); j++ {
		f := st.Field(j)
		if (i < 0 || i == j) && !f.Embedded() && (bodyLike(f.Type()) || isResponsePtr(f.Type())) {
			return hasMethodNamed(t, "Close") && !hasMethodNamed(t, "Read")
		}
	}
	return false
}

// trackedKind returns the kind of obligation a parameter or free variable of
// type t carries into a function, and whether it is a cell (the address of a
// captured variable: **http.Response, *io.ReadCloser).
func trackedKind(t types.Type) (k kind, cell, ok bool) {
	if isResponsePtr(t) || isResponseWrapper(t) {
		return kResp, false, true
	}
	if bodyLike(t) || ownsBody(t) {
		return kBody, false, true
	}
	if isCloserFunc(t) {
		return kCloser, false, true
	}
	if p, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		if isResponsePtr(p.Elem()) || isResponseWrapper(p.Elem()) {
			return kResp, true, true
		}
		if bodyLike(p.Elem()) || ownsBody(p.Elem()) {
			return kBody, true, true
		}
		if isCloserFunc(p.Elem()) {
			return kCloser, true, true
		}
	}
	return 0, false, false
}

// isCloserFunc reports whether t is a function type of the shape of a
// Close method value: no parameters, an error result.
func isCloserFunc(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Recv() == nil && sig.Params().Len() == 0 &&
		sig.Results().Len() == 1 && isError(sig.Results().At(0).Type())
}

// closesBody reports whether a MakeClosure is the method value of a
// Close method (resp.Body.Close): SSA's bound method wrapper.
func closesBody(mc *ssa.MakeClosure) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || len(mc.Bindings) != 1 || !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return false
	}
	m, ok := fn.Object().(*types.Func)
	return ok && m.Name() == "Close" && isCloserFunc(fn.Signature)
}

// isDiscard reports whether v is io.Discard (or ioutil.Discard), possibly
// converted to another interface.
func isDiscard(v ssa.Value) bool { return discards[globalName(unwrapIface(v))] }

// isEOF reports whether v is the value of io.EOF.
func isEOF(v ssa.Value) bool { return globalName(v) == "io.EOF" }

// unwrapIface sees through conversions between interfaces and into an
// interface.
func unwrapIface(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// globalName returns "path.Name" when v loads a package-level variable,
// else "".
func globalName(v ssa.Value) string {
	if x, ok := v.(*ssa.UnOp); ok {
		if g, ok := x.X.(*ssa.Global); ok && g.Pkg != nil {
			return g.Pkg.Pkg.Path() + "." + g.Name()
		}
	}
	return ""
}

// isNil reports whether v is the constant nil.
func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// isConstTrue reports whether v is the constant true.
func isConstTrue(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.Bool && constant.BoolVal(c.Value)
}

// constString returns the value of a string constant.
func constString(v ssa.Value) (string, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c.Value), true
}

// resultValues returns the SSA values that carry result i of call: the call
// itself for a single result, else its Extract instructions.
func resultValues(call *ssa.Call, i int) []ssa.Value {
	if _, isTuple := call.Type().(*types.Tuple); isTuple {
		return extracts(call, i)
	}
	if i == 0 {
		return []ssa.Value{call}
	}
	return nil
}

// resultTypes returns the result types of a call.
func resultTypes(call *ssa.Call) []types.Type {
	if t, isTuple := call.Type().(*types.Tuple); isTuple {
		ts := make([]types.Type, t.Len())
		for i := range ts {
			ts[i] = t.At(i).Type()
		}
		return ts
	}
	return []types.Type{call.Type()}
}

// hasMethodNamed reports whether values of type t have a method of that
// name (declared or promoted).
func hasMethodNamed(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// implementsError reports whether t is an error type.
func implementsError(t types.Type) bool {
	return types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
}

// discards are the package-level writers that throw bytes away.
var discards = map[string]bool{
	"io.Discard":        true,
	"io/ioutil.Discard": true,
}

// deref returns what a pointer type points to, or t.
func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// extracts returns the Extract instructions that take result i of a tuple.
func extracts(tuple ssa.Value, i int) []ssa.Value {
	var vs []ssa.Value
	for _, r := range referrers(tuple) {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			vs = append(vs, e)
		}
	}
	return vs
}

func appendUnique(s []int, x int) []int {
	for _, y := range s {
		if y == x {
			return s
		}
	}
	return append(s, x)
}

// handlesBodies reports whether a function with this signature may be
// given, or may return, a response body.
func handlesBodies(sig *types.Signature) bool {
	return anyBodyLike(sig.Params()) || anyBodyLike(sig.Results())
}

// mentionsResponse reports whether t is *http.Response (or an SDK's type
// that embeds it) or a signature or tuple that carries one.
func mentionsResponse(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Pointer:
		return isResponsePtr(t) || isResponseWrapper(t) || ownsBody(t)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			if mentionsResponse(t.At(i).Type()) {
				return true
			}
		}
	case *types.Signature:
		return mentionsResponse(t.Params()) || mentionsResponse(t.Results())
	}
	return false
}

// loopBody returns the closure a call is given if it is the body of a
// range-over-func loop (SSA's synthetic yield function), else nil.
func loopBody(a ssa.Value) *ssa.MakeClosure {
	mc, ok := a.(*ssa.MakeClosure)
	if !ok || mc.Fn.(*ssa.Function).Synthetic != "range-over-func yield" {
		return nil
	}
	return mc
}

// referrers returns the instructions that use v: none for a value that
// records no uses (a constant, a global, a function), whose Referrers is
// nil.
func referrers(v ssa.Value) []ssa.Instruction {
	if refs := v.Referrers(); refs != nil {
		return *refs
	}
	return nil
}
