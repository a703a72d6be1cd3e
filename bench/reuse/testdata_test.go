package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The analyzer's fix tests whose functions shapes_test.go copies, and the
// prefix the copies' names take.
var fixPackages = map[string]string{
	"fixes":      "fixes",
	"fixesnever": "never",
	"fixesnoio":  "noio",
}

// TestShapesMatchTestdata checks that the shapes TestFixesRestoreReuse
// runs are the analyzer's fix tests, before and after the fix, and that
// every function those tests fix is run. When a fix test changes, change
// shapes_test.go (and fixCases) the same way.
func TestShapesMatchTestdata(t *testing.T) {
	fset := token.NewFileSet()
	ours := funcs(t, fset, "shapes_test.go", "renamed_test.go")
	covered := map[string]bool{}
	for _, fc := range fixCases() {
		covered[strings.Split(fc.name, "/")[0]] = true
	}
	for pkg, prefix := range fixPackages {
		dir := filepath.Join("..", "..", "testdata", "src", pkg)
		before := funcs(t, fset, globs(t, dir, "*.go")...)
		after := funcs(t, fset, globs(t, dir, "*.go.golden")...)
		for name, fixed := range after {
			unfixed := before[name]
			if unfixed == nil || printBody(fset, unfixed, true) == printBody(fset, fixed, true) {
				continue // not fixed
			}
			qualified := pkg + "." + name
			if !covered[qualified] {
				t.Errorf("%s gets a fix that no case of fixCases runs: copy it to shapes_test.go and add a case", qualified)
				continue
			}
			mine := prefix + capitalize(name)
			for _, pair := range [][2]*ast.FuncDecl{{unfixed, ours[mine]}, {fixed, ours[mine+"Fixed"]}} {
				want, got := pair[0], pair[1]
				if got == nil {
					t.Errorf("%s: shapes_test.go has no %s", qualified, want.Name.Name)
					continue
				}
				if w, g := printBody(fset, want, true), printBody(fset, got, false); w != g {
					t.Errorf("%s differs from %s in %s:\n--- testdata (http.Get as c.Get)\n%s\n--- ours\n%s",
						got.Name.Name, qualified, fset.Position(want.Pos()).Filename, w, g)
				}
			}
		}
	}
	if len(covered) == 0 {
		t.Fatal("no cases")
	}
}

// funcs parses the files and returns their top-level functions by name.
func funcs(t *testing.T, fset *token.FileSet, files ...string) map[string]*ast.FuncDecl {
	t.Helper()
	m := map[string]*ast.FuncDecl{}
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				m[fd.Name.Name] = fd
			}
		}
	}
	return m
}

func globs(t *testing.T, dir, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s in %s (%v)", pattern, dir, err)
	}
	sort.Strings(files)
	return files
}

// printBody prints fn's body without comments or blank lines; with viaClient,
// http.Get(u) becomes c.Get(u), the call the copies make on the test's
// client.
func printBody(fset *token.FileSet, fn *ast.FuncDecl, viaClient bool) string {
	if viaClient {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Get" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "http" {
					x.Name = "c"
				}
			}
			return true
		})
	}
	var buf bytes.Buffer
	printer.Fprint(&buf, fset, fn.Body)
	var lines []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
