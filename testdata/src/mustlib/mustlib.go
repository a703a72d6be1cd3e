// Package mustlib holds generic must-style helpers, as lo does; it does not
// import net/http, so respbody never analyzes it: its calls are judged by
// their signatures (used from package mustuse).
package mustlib

// Must returns v, and panics if err is not nil.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// MustMsg is lo.Must's shape.
func MustMsg[T any](v T, err any, msgs ...any) T {
	if err != nil {
		panic(msgs)
	}
	return v
}

// Put stores v in m and returns it: not an identity (m keeps it).
func Put[T any](m map[string]T, k string, v T) T {
	m[k] = v
	return v
}
