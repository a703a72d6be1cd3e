package main_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/respbody/respbody/internal/jsondiag"
	"github.com/respbody/respbody/internal/testmod"
)

// routesModule copies testdata/routes: use's findings need facts of lib (a
// helper that closes without draining, a wrapper that returns a fresh
// response) and sit in test files too, and use has an external test
// package; lines' findings are where //line directives put them.
func routesModule(t *testing.T) string {
	t.Helper()
	return testmod.Copy(t, filepath.Join("..", "..", "testdata", "routes"))
}

// TestRoutesAgree checks that the default route (respbody's driver on go
// list) and the in-process one report the same findings, in the same
// words and order, with the same exit code, with and without tests and
// with an analyzer flag; and that -json on both and go vet -vettool -json
// give the same diagnostics (go vet and the default route for the same
// packages), related positions and fixes included.
func TestRoutesAgree(t *testing.T) {
	slow(t)
	t.Parallel()
	bin, dir := build(t), routesModule(t)
	for _, flags := range [][]string{nil, {"-test=false"}, {"-drain=never"}} {
		args := append(slices.Clone(flags), "./...")
		list, lcode := run(t, dir, bin, args...)
		in, icode := run(t, dir, bin, append([]string{"-inprocess"}, args...)...)
		if list != in || lcode != icode {
			t.Errorf("respbody %v: the routes differ:\ndefault (exit %d):\n%s\n-inprocess (exit %d):\n%s", args, lcode, list, icode, in)
		}
		if lcode != 3 || strings.Contains(list, "use/use.go:") == slices.Contains(flags, "-drain=never") {
			t.Errorf("respbody %v: exit %d, want 3, and an undrained close in use.go (through lib's facts) unless -drain=never:\n%s", args, lcode, list)
		}
		if hasTest := strings.Contains(list, "use_test.go:"); hasTest == slices.Contains(flags, "-test=false") {
			t.Errorf("respbody %v: findings in use_test.go: %v:\n%s", args, hasTest, list)
		}
		// fetch's leak, in a closure given to retry.Do, through an
		// unexported interface that only fetch_test.go implements (with a
		// fake): the same whether fetch is analyzed with its tests or not.
		if !strings.Contains(list, "fetch/fetch.go:30:16: resp.Body is not closed") {
			t.Errorf("respbody %v: no leak in fetch.go:\n%s", args, list)
		}
		// lines' leaks, where its //line directives put them, as go
		// vet prints them: in files respbody must not read.
		for _, posn := range []string{"\nlines/generated.y:11:15: ", "\ngo.mod:2: ", "/proc/self/environ:2:15: "} {
			if !strings.Contains(list, posn) {
				t.Errorf("respbody %v: no finding at %q:\n%s", args, strings.TrimSpace(posn), list)
			}
		}
	}
	out, code := run(t, dir, bin, "-json", "./...")
	list := jsonTree(t, "respbody -json", out, code)
	out, code = runGo(t, dir, nil, "vet", "-vettool="+bin, "-json", "./...")
	vet := jsonTree(t, "go vet -vettool -json", out, code)
	out, code = run(t, dir, bin, "-inprocess", "-json", "./...")
	in := jsonTree(t, "respbody -inprocess -json", out, code)
	if !reflect.DeepEqual(list, vet) {
		t.Errorf("-json: the default route and go vet differ:\ndefault: %q\ngo vet: %q", list, vet)
	}
	// The in-process route lists a package and its test variant both,
	// with the findings of their shared files in each.
	if l, i := unique(list), unique(in); !slices.Equal(l, i) || len(l) != 6 {
		t.Errorf("-json: the default route and -inprocess differ, or found other than 6:\ndefault: %q\nin-process: %q", l, i)
	}
}

// jsonTree reads what a command (what) printed as JSON diagnostics, as
// x/tools' drivers do with -json (go vet prints one tree per package), and
// returns the respbody diagnostics of each package path, each as its JSON,
// sorted.
func jsonTree(t *testing.T, what, out string, code int) map[string][]string {
	t.Helper()
	if code != 0 {
		t.Fatalf("%s: exit %d:\n%s", what, code, out)
	}
	tree := make(map[string][]string)
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var obj map[string]map[string][]jsondiag.Diagnostic
		if err := dec.Decode(&obj); err != nil {
			t.Fatalf("%s: %v:\n%s", what, err, out)
		}
		for id, byAnalyzer := range obj {
			// go vet names a package analyzed with its tests by
			// its path, the default route as the go command names
			// the test variant (p [p.test]).
			id, _, _ = strings.Cut(id, " ")
			for _, d := range byAnalyzer["respbody"] {
				data, err := json.Marshal(d)
				if err != nil {
					t.Fatal(err)
				}
				tree[id] = append(tree[id], string(data))
			}
			slices.Sort(tree[id])
		}
	}
	return tree
}

// unique returns the diagnostics of all packages of tree, once each,
// sorted.
func unique(tree map[string][]string) []string {
	var all []string
	for _, ds := range tree {
		all = append(all, ds...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}
