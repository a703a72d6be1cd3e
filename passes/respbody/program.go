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
// the analysis of the built functions runs unlocked, so what in it makes
// SSA create or build anything takes the lock too (lookupMethod).
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

// lookupMethod is prog.LookupMethod, under the lock: SSA creates a method
// the first time it is looked up, reading the program's package map (and
// building a wrapper for a promoted method or a value method called
// through a pointer), while another pass may be creating a package in
// the same program. Without the lock, that is a "fatal error: concurrent
// map read and map write", which no recover catches. prog is the program
// of the pass's package: the shared one, or one of its own.
func (sp *sharedProgram) lookupMethod(prog *ssa.Program, t types.Type, pkg *types.Package, name string) *ssa.Function {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return prog.LookupMethod(t, pkg, name)
}
