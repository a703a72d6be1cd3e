package vetroute

import (
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/jsondiag"
)

// output is what go vet -json prints for three packages: one with a
// finding, one whose test variant repeats it and adds one in a test file,
// one whose analysis failed; with a build error and an empty tree between.
const output = `{}
{
	"example.com/p [example.com/p.test]": {
		"respbody": [
			{
				"category": "undrained",
				"posn": "/m/p/p.go:3:4",
				"end": "/m/p/p.go:3:9",
				"message": "closed unread",
				"related": [
					{
						"posn": "/m/p/p.go:5:1",
						"end": "/m/p/p.go:5:1",
						"message": "returns here"
					}
				]
			},
			{
				"category": "unclosed",
				"posn": "/m/p/p_test.go:7:2",
				"end": "/m/p/p_test.go:7:9",
				"message": "not closed",
				"suggested_fixes": [
					{
						"message": "Insert a close",
						"edits": [{"filename": "/m/p/p_test.go", "start": 10, "end": 10, "new": "x"}]
					}
				]
			}
		]
	}
}
# example.com/broken
broken/b.go:1:1: expected 'package', found 'EOF'
{
	"example.com/p": {
		"respbody": [
			{
				"category": "undrained",
				"posn": "/m/p/p.go:3:4",
				"end": "/m/p/p.go:3:9",
				"message": "closed unread"
			}
		]
	}
}
{
	"example.com/q": {
		"respbody": {
			"error": "internal error analyzing example.com/q"
		}
	}
}
`

func TestParse(t *testing.T) {
	res, err := parse([]byte(output))
	if err != nil {
		t.Fatal(err)
	}
	if want := "# example.com/broken\nbroken/b.go:1:1: expected 'package', found 'EOF'\n"; res.Output != want {
		t.Errorf("Output = %q, want %q", res.Output, want)
	}
	var ids []string
	for _, p := range res.Packages {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, ","), "example.com/p,example.com/p [example.com/p.test],example.com/q"; got != want {
		t.Errorf("packages %s, want %s", got, want)
	}
	if q := res.Packages[2]; q.Err != "internal error analyzing example.com/q" || len(q.Diagnostics) != 0 {
		t.Errorf("q = %+v, want its error only", q)
	}
	test := res.Packages[1].Diagnostics
	if len(test) != 2 || len(test[0].Related) != 1 || test[0].Related[0].Message != "returns here" ||
		len(test[1].SuggestedFixes) != 1 || test[1].SuggestedFixes[0].Edits[0].New != "x" {
		t.Errorf("diagnostics of the test variant: %+v", test)
	}
	if u := res.Unique(); len(u) != 2 {
		t.Errorf("Unique: %d diagnostics, want 2 (p.go's once, p_test.go's): %+v", len(u), u)
	}
	res.WithoutTests()
	if len(res.Packages) != 2 || res.Packages[0].ID != "example.com/p" || len(res.Packages[0].Diagnostics) != 2 {
		t.Fatalf("WithoutTests: %+v, want p (twice its p.go finding) and q", res.Packages)
	}
	if u := res.Unique(); len(u) != 1 || u[0].Posn != "/m/p/p.go:3:4" {
		t.Errorf("WithoutTests then Unique: %+v, want p.go's finding only", u)
	}
}

func TestParseTruncated(t *testing.T) {
	if _, err := parse([]byte("{\n\t\"p\": {\n")); err == nil {
		t.Error("truncated output was accepted")
	}
}

func TestIsTestFile(t *testing.T) {
	for posn, want := range map[string]bool{
		"/a/b_test.go:1:2":   true,
		"/a/b.go:1:2":        false,
		`C:\a\b_test.go:3:4`: true,
		"/a/test.go:1:1":     false,
	} {
		if got := isTestFile(posn); got != want {
			t.Errorf("isTestFile(%q) = %v, want %v", posn, got, want)
		}
	}
}

func TestUnavailable(t *testing.T) {
	if err := Unavailable([]string{"GOPACKAGESDRIVER=/usr/bin/bazel-driver", "PATH=" + "/nonexistent"}); err == nil {
		t.Error("a GOPACKAGESDRIVER was accepted")
	}
	if err := Unavailable([]string{"GOPACKAGESDRIVER=off"}); err != nil && !strings.Contains(err.Error(), "go command") {
		t.Errorf("GOPACKAGESDRIVER=off: %v", err)
	}
}

func TestWithoutTestsKeepsPackagesNamedLikeTests(t *testing.T) {
	res := &Result{Packages: []Package{
		{ID: "example.com/e2e_test", Diagnostics: []jsondiag.Diagnostic{{Posn: "/m/e2e_test/a.go:1:1"}}},
		{ID: "example.com/p_test [example.com/p.test]", Diagnostics: []jsondiag.Diagnostic{{Posn: "/m/p/x_test.go:1:1"}}},
		{ID: "example.com/p.test"},
	}}
	res.WithoutTests()
	if len(res.Packages) != 1 || res.Packages[0].ID != "example.com/e2e_test" || len(res.Packages[0].Diagnostics) != 1 {
		t.Errorf("WithoutTests: %+v, want example.com/e2e_test (a package, not a test variant) only", res.Packages)
	}
}
