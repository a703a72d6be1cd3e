package respbody

import (
	"fmt"
	"go/token"
	"strings"
)

// This file is the second, smaller domain of the dataflow: which status
// codes a response can have on a path. A helper that reads the body of
// every error status and returns an error (vault's Response.Error, a
// CheckResponse) makes "the call returned a nil error" mean "the status is
// one of these"; a caller that tests the status before the error
// (if resp.StatusCode == 404 { return }) is then on a path where the error
// was not nil, and the helper has read the body.

// Status codes are tracked from minStatus to minStatus+statusBits-1: net/http
// accepts any three digits (LinkedIn answers 999, a hand-built response in a
// test may have 0). A comparison with a constant outside that range tells
// nothing.
const (
	minStatus  = 0
	statusBits = 1024
)

// A StatusSet is a set of HTTP status codes, by exclusion: bit i set means
// the status minStatus+i is not in the set. The zero value is every status
// (nothing known), so that summaries without the information, facts of
// older builds included, say nothing.
type StatusSet [statusBits / 64]uint64

// anyStatus is the set of every status.
var anyStatus StatusSet

// noStatus is the empty set.
var noStatus = func() StatusSet {
	var s StatusSet
	for i := range s {
		s[i] = ^uint64(0)
	}
	return s
}()

// isAny reports whether s holds every status.
func (s StatusSet) isAny() bool { return s == anyStatus }

// isEmpty reports whether s holds no status.
func (s StatusSet) isEmpty() bool { return s == noStatus }

// has reports whether s holds status code.
func (s StatusSet) has(code int) bool {
	i := code - minStatus
	if i < 0 || i >= statusBits {
		return false
	}
	return s[i/64]&(1<<(i%64)) == 0
}

// and returns the statuses in both s and t.
func (s StatusSet) and(t StatusSet) StatusSet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

// or returns the statuses in s or t.
func (s StatusSet) or(t StatusSet) StatusSet {
	for i := range s {
		s[i] &= t[i]
	}
	return s
}

// not returns the statuses not in s.
func (s StatusSet) not() StatusSet {
	for i := range s {
		s[i] = ^s[i]
	}
	return s
}

// statusesWhere returns the statuses c for which `c op n` is true (every
// status when n is outside the tracked range).
func statusesWhere(op token.Token, n int64) StatusSet {
	if n < minStatus || n >= minStatus+statusBits {
		return anyStatus
	}
	s := noStatus
	for i := range statusBits {
		c := int64(minStatus + i)
		var in bool
		switch op {
		case token.EQL:
			in = c == n
		case token.NEQ:
			in = c != n
		case token.LSS:
			in = c < n
		case token.LEQ:
			in = c <= n
		case token.GTR:
			in = c > n
		case token.GEQ:
			in = c >= n
		default:
			return anyStatus
		}
		if in {
			s[i/64] &^= 1 << (i % 64)
		}
	}
	return s
}

// String lists the statuses as ranges, "200-299,304", a range to the top
// of the tracked codes as "400+"; "any" for every status, "none" for none.
// A set whose complement takes fewer ranges is written as that: "not 202".
func (s StatusSet) String() string {
	switch {
	case s.isAny():
		return "any"
	case s.isEmpty():
		return "none"
	}
	in, out := s.ranges(), s.not().ranges()
	if len(out) < len(in) {
		return "not " + strings.Join(out, ",")
	}
	return strings.Join(in, ",")
}

// ranges lists the statuses of s as ranges.
func (s StatusSet) ranges() []string {
	var parts []string
	for i := 0; i < statusBits; i++ {
		if !s.has(minStatus + i) {
			continue
		}
		j := i
		for j+1 < statusBits && s.has(minStatus+j+1) {
			j++
		}
		switch {
		case j == statusBits-1 && i > 0:
			parts = append(parts, fmt.Sprintf("%d+", minStatus+i))
		case i == j:
			parts = append(parts, fmt.Sprint(minStatus+i))
		default:
			parts = append(parts, fmt.Sprintf("%d-%d", minStatus+i, minStatus+j))
		}
		i = j
	}
	return parts
}

// statusClasses renders statuses by class of exit, as classes renders
// states.
func statusClasses(c [2]StatusSet) string {
	if c[okExit] == c[errExit] {
		return c[okExit].String()
	}
	return fmt.Sprintf("{ok:%s err:%s}", c[okExit], c[errExit])
}
