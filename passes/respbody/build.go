package respbody

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// needsAnalysis reports whether the package can matter at all: it must
// depend on net/http, and either mention *http.Response (it may obtain
// one) or declare a function that importers can call with a body (a
// parameter or result that can read or close, or an azcore request, see
// azure.go). The check reads only type
// information, so packages that cannot touch net/http (most of std, most of
// any module's dependencies) cost almost nothing, get no SSA and export no
// facts.
func needsAnalysis(pass *analysis.Pass) bool {
	if !importsHTTP(pass.Pkg, make(map[*types.Package]bool)) {
		return false
	}
	for _, tv := range pass.TypesInfo.Types {
		if tv.Type != nil && mentionsResponse(tv.Type) {
			return true
		}
	}
	for _, obj := range pass.TypesInfo.Defs {
		if fn, ok := obj.(*types.Func); ok && exportable(fn) && (handlesBodies(fn.Signature()) || takesCloser(fn.Signature()) || returnsAzRequest(fn.Signature())) {
			return true
		}
	}
	return false
}

// importsHTTP reports whether pkg depends on net/http, directly or not.
func importsHTTP(pkg *types.Package, seen map[*types.Package]bool) bool {
	if pkg.Path() == "net/http" {
		return true
	}
	if seen[pkg] {
		return false
	}
	seen[pkg] = true
	for _, imp := range pkg.Imports() {
		if importsHTTP(imp, seen) {
			return true
		}
	}
	return false
}

// buildSSA builds SSA for the package being analyzed, and only for it: the
// functions of the package that cannot matter are created without bodies,
// and of its imports SSA creates only those whose functions or variables
// the remaining code names, from their types, once per run (see
// sharedProgram). It returns the package and its functions to analyze.
func buildSSA(pass *analysis.Pass) (*ssa.Package, []*ssa.Function) {
	files := withoutBodies(pass.Files, relevantFuncs(pass))
	var decls []*types.Func
	for _, file := range files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls = append(decls, obj)
				}
			}
		}
	}
	pkg, declared := programFor(pass.Fset).build(pass, files, namedImports(pass, files), decls)

	var funcs []*ssa.Function
	var addAnons func(f *ssa.Function)
	addAnons = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			addAnons(anon)
		}
	}
	for _, f := range declared {
		addAnons(f)
	}
	// Package-level variable initializers may hold function literals.
	if init := pkg.Func("init"); init != nil {
		addAnons(init)
	}
	return pkg, funcs
}

// namedImports returns the imported packages whose package-level functions
// or variables the files name: the ones SSA must create to build them.
func namedImports(pass *analysis.Pass, files []*ast.File) []*types.Package {
	seen := make(map[*types.Package]bool)
	var pkgs []*types.Package
	visit := func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := pass.TypesInfo.Uses[id]
		switch obj.(type) {
		case *types.Func, *types.Var:
		default:
			return true
		}
		p := obj.Pkg()
		if p == nil || p == pass.Pkg || seen[p] || p.Scope().Lookup(obj.Name()) != obj {
			return true
		}
		seen[p] = true
		pkgs = append(pkgs, p)
		return true
	}
	// Only code is built: function bodies and variable initializers.
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					ast.Inspect(d.Body, visit)
				}
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					ast.Inspect(d, visit)
				}
			}
		}
	}
	return pkgs
}
