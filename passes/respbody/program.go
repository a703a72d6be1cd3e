package respbody

import (
	"go/ast"
	"go/token"
	"go/types"
	"runtime"
	"sync"
	"weak"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A sharedProgram is one SSA program for all the packages of a run (the
// passes that share a FileSet), so that an import is created once per run
// and not once per package that imports it: net/http alone, loaded from
// source, is some 2,100 members, and a standalone run creates it for every
// package that analyzes responses.
//
// Creating and building take mu, one package at a time: SSA must not create
// a package while it builds another, and a builder that panics would leave
// functions that later builds wait for forever, so after a panic the
// program is broken and no longer used. Building is a small part of a pass;
// the analysis of the built functions runs unlocked, so it must not make
// SSA create or build anything either: see createImplementations.
type sharedProgram struct {
	mu     sync.Mutex
	prog   *ssa.Program
	broken bool
}

var (
	programsMu sync.Mutex
	// programs holds the program of each live run. The key is weak and the
	// program holds no reference to the FileSet, so a run's program goes
	// when its FileSet does.
	programs = make(map[weak.Pointer[token.FileSet]]*sharedProgram)
)

// newProgram returns an empty program with respbody's settings. fset is
// only used by SSA in its own error messages.
func newProgram(fset *token.FileSet) *ssa.Program {
	// BareInits: a package initializer that does not call those of its
	// imports, so that only the imports the code names need creating.
	prog := ssa.NewProgram(fset, ssa.BareInits)
	prog.SetNoReturn(func(fn *types.Func) bool { return isNoReturn(fn.Origin().FullName()) })
	return prog
}

// programFor returns the shared program of the run that fset belongs to.
func programFor(fset *token.FileSet) *sharedProgram {
	key := weak.Make(fset)
	programsMu.Lock()
	defer programsMu.Unlock()
	sp := programs[key]
	if sp == nil {
		sp = &sharedProgram{prog: newProgram(token.NewFileSet())}
		programs[key] = sp
		runtime.AddCleanup(fset, func(key weak.Pointer[token.FileSet]) {
			programsMu.Lock()
			delete(programs, key)
			programsMu.Unlock()
		}, key)
	}
	return sp
}

// build creates the package of the pass from files, and the imports it
// names, and builds it. It returns the package and the SSA functions of
// decls (nil for those SSA has none of). The package goes into the shared
// program, or into a program of its own when the shared one is retired or
// has the package already (a driver that analyzes a package twice).
func (sp *sharedProgram) build(pass *analysis.Pass, files []*ast.File, imports []*types.Package, decls []*types.Func) (*ssa.Package, []*ssa.Function) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	prog := sp.prog
	shared := !sp.broken && prog.Package(pass.Pkg) == nil
	if shared {
		sp.broken = true // until the build is done: a panic leaves it so
	} else {
		prog = newProgram(pass.Fset)
	}
	for _, imp := range imports {
		if prog.Package(imp) == nil {
			prog.CreatePackage(imp, nil, nil, true)
		}
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()
	createImplementations(prog, pass)
	if shared {
		sp.broken = false
	}
	// FuncValue reads the program's packages, which other passes add to.
	var funcs []*ssa.Function
	for _, obj := range decls {
		if f := prog.FuncValue(obj); f != nil {
			funcs = append(funcs, f)
		}
	}
	return pkg, funcs
}

// createImplementations creates in prog, while build holds the lock, the
// methods that checker.implementations looks up with prog.LookupMethod
// during the analysis, which runs unlocked: SSA creates a method the first
// time it is looked up, and creating one reads the program's package map
// (to find the method among the package's members) and may build a wrapper
// (a promoted method, a value method called through a pointer), while
// another pass may be creating a package in the same program. A lookup
// that finds the method made already reads only SSA's method cache, which
// SSA guards itself. Without this, the race is a "fatal error: concurrent
// map read and map write" that no recover catches.
//
// implementations looks up, for an unexported interface of this package,
// the method of each type declared at package level (T or *T) that
// implements it. This creates a superset: each method of T and of *T that
// has the name (and package) of a method of any unexported interface the
// package declares, at package level or in a function. A package with no
// such interface costs one pass over its definitions.
func createImplementations(prog *ssa.Program, pass *analysis.Pass) {
	type methodID struct {
		pkg  *types.Package
		name string
	}
	var ids []methodID
	seen := make(map[methodID]bool)
	for _, obj := range pass.TypesInfo.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() || tn.Exported() {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for m := range iface.Methods() {
			id := methodID{m.Pkg(), m.Name()}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			mset := prog.MethodSets.MethodSet(t)
			for _, id := range ids {
				if sel := mset.Lookup(id.pkg, id.name); sel != nil {
					prog.MethodValue(sel)
				}
			}
		}
	}
}
