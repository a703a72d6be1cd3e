package respbody

import (
	"go/token"
	"testing"
)

// TestStatusSets checks the sets of statuses a comparison leaves, their
// algebra, and how fact strings write them.
func TestStatusSets(t *testing.T) {
	ok := statusesWhere(token.GEQ, 200).and(statusesWhere(token.LSS, 400)).or(statusesWhere(token.EQL, 429))
	for _, tc := range []struct {
		name string
		set  StatusSet
		want string
		in   []int
		out  []int
	}{
		{"every status", anyStatus, "any", []int{0, 100, 200, 599, 999}, nil},
		{"no status", noStatus, "none", nil, []int{0, 100, 200, 599, 999}},
		{"equal", statusesWhere(token.EQL, 404), "404", []int{404}, []int{403, 405}},
		{"not equal", statusesWhere(token.NEQ, 202), "not 202", []int{200, 204}, []int{202}},
		{"below", statusesWhere(token.LSS, 300), "0-299", []int{0, 100, 299}, []int{300}},
		{"at least", statusesWhere(token.GEQ, 400), "400+", []int{400, 599, 999}, []int{399}},
		{"above", statusesWhere(token.GTR, 299), "300+", []int{300}, []int{299}},
		{"at most", statusesWhere(token.LEQ, 299), "0-299", []int{299}, []int{300}},
		{"and, or", ok, "200-399,429", []int{200, 399, 429}, []int{199, 400, 428, 430}},
		{"not", ok.not(), "not 200-399,429", []int{199, 404}, []int{200, 429}},
		{"0, as a hand-built response may have", statusesWhere(token.EQL, 0), "0", []int{0}, []int{100}},
		{"999, which net/http accepts", statusesWhere(token.EQL, 999), "999", []int{999}, []int{599}},
		{"a constant above the range", statusesWhere(token.EQL, 1500), "any", []int{100, 599}, nil},
		{"a negative constant", statusesWhere(token.GTR, -1), "any", []int{0, 100}, nil},
		{"an operator that is no comparison", statusesWhere(token.ADD, 1), "any", []int{100}, nil},
	} {
		if got := tc.set.String(); got != tc.want {
			t.Errorf("%s: String() = %q, want %q", tc.name, got, tc.want)
		}
		for _, c := range tc.in {
			if !tc.set.has(c) {
				t.Errorf("%s: %d not in %s", tc.name, c, tc.set)
			}
		}
		for _, c := range tc.out {
			if tc.set.has(c) {
				t.Errorf("%s: %d in %s", tc.name, c, tc.set)
			}
		}
	}
	if !ok.and(ok.not()).isEmpty() || !ok.or(ok.not()).isAny() {
		t.Errorf("a set and its complement: and %s, or %s", ok.and(ok.not()), ok.or(ok.not()))
	}
}
