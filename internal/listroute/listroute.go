// Package listroute runs one go/analysis analyzer over packages the way a
// build system would: it lists the packages with go list, type-checks from
// source only the packages whose findings or facts are needed, against the
// compiled export data of their imports (from the go command's build
// cache), and keeps each package's facts and findings in a cache of its
// own, keyed by the package's files and its imports' keys.
//
// Facts are computed on demand. A package named on the command line is
// analyzed, unless its findings are cached; a dependency is analyzed only
// when the analyzer asks for a fact about one of its objects, and then only
// once. An analyzer whose facts are a pure function of a package and its
// dependencies' facts (as go vet already requires) gets the same facts,
// and so the same findings, as under go vet, which analyzes every package
// of the graph.
//
// Only object facts are supported: package facts, and the lists of all
// facts, are not (the analyzer must not use them).
package listroute

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/respbody/respbody/internal/jsondiag"
	"golang.org/x/sync/errgroup"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Options says what to analyze, and how.
type Options struct {
	Analyzer *analysis.Analyzer // with its flags set; no Requires
	// ToolID identifies the analyzer's code and its flag values: it is
	// part of every cache key.
	ToolID     string
	BuildFlags []string // the go command's build flags, e.g. -tags=a,b
	Patterns   []string
	Tests      bool   // analyze test files too, as go vet does
	Dir        string // working directory ("" for the current one)
	Env        []string
	// CacheDir holds the facts and findings of earlier runs; "" keeps
	// none.
	CacheDir string
	// Stats, when not nil, is filled with what the run did.
	Stats *Stats
	// Log receives the driver's warnings (a cache it cannot write); nil
	// for standard error.
	Log io.Writer
}

// Stats counts what one run did with the packages of the graph.
type Stats struct {
	Packages int      // in the graph
	Roots    int      // reported on
	Sources  []string // the IDs of the packages analyzed from source, sorted
	Cached   int      // packages whose facts and findings came from the cache
	// Unstored counts the analyses not stored in the cache because their
	// files changed while the run went on.
	Unstored int
}

// A Package holds what the analyzer reported for one root (its ID as the
// go command names it, e.g. "p [p.test]").
type Package struct {
	ID          string
	Diagnostics []jsondiag.Diagnostic
	Err         string // the analysis failed
}

// A Result is what one run reported.
type Result struct {
	Packages []Package
	// Output holds what the go command printed on standard error:
	// build errors, and messages of its own (go: downloading ...).
	Output string
	// Failed is set when the go command failed, or a root does not
	// build: a package is broken, or a pattern is wrong.
	Failed bool
	// NoPackages is set, with Failed, when the patterns matched no
	// package.
	NoPackages bool
}

// Unique returns the diagnostics of all packages, each once: a file that
// belongs to a package and to its test variant is analyzed twice.
func (res *Result) Unique() []jsondiag.Diagnostic {
	type key struct{ posn, end, message string }
	seen := make(map[key]bool)
	var out []jsondiag.Diagnostic
	for _, p := range res.Packages {
		for _, d := range p.Diagnostics {
			k := key{d.Posn, d.End, d.Message}
			if !seen[k] {
				seen[k] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// Unavailable returns why go list cannot be used, or nil when it can:
// there must be a go command, and no GOPACKAGESDRIVER (Bazel and other
// build systems answer go/packages but not go list). env is the
// environment of the go command (nil for the current one).
func Unavailable(env []string) error {
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOPACKAGESDRIVER="); ok && v != "" && v != "off" {
			return errors.New("GOPACKAGESDRIVER is set")
		}
	}
	if _, err := exec.LookPath("go"); err != nil {
		return errors.New("no go command in PATH")
	}
	return nil
}

// Run analyzes the packages and returns what the analyzer reported on the
// roots. An error means the go command could not be run or understood; a
// package that does not build sets Result.Failed instead.
func Run(opts Options) (*Result, error) {
	if len(opts.Analyzer.Requires) > 0 {
		return nil, fmt.Errorf("listroute: analyzer %s requires other analyzers", opts.Analyzer.Name)
	}
	pkgs, output, failed, err := list(&opts, false)
	if err != nil {
		return nil, err
	}
	res := &Result{Output: output, Failed: failed}
	if failed {
		return res, nil
	}
	rs := roots(pkgs)
	if len(rs) == 0 {
		res.Failed, res.NoPackages = true, true // the patterns matched nothing to analyze
		return res, nil
	}
	for _, p := range rs {
		if p.broken() != "" {
			res.Failed = true
			return res, nil
		}
	}
	d, err := newDriver(&opts, pkgs)
	if err != nil {
		return nil, err
	}
	// The roots whose findings are cached need nothing more; the others
	// need the export data of what they import.
	var miss []*pkg
	for _, p := range rs {
		if !d.fromCache(p) {
			miss = append(miss, p)
		}
	}
	if len(miss) > 0 {
		more, failed, err := addExports(&opts, pkgs, miss)
		res.Output += more
		if err != nil {
			return nil, err
		}
		if failed {
			res.Failed = true
			return res, nil
		}
	}
	res.Packages = d.analyzeRoots(rs)
	d.flush()
	for _, p := range rs {
		if u := d.unit(p); u.err != nil && !isAnalysisError(u.err) {
			// It does not build: the in-process route says why.
			res.Failed = true
		}
	}
	if opts.Stats != nil {
		slices.Sort(d.sources)
		*opts.Stats = Stats{Packages: len(pkgs), Roots: len(rs), Sources: d.sources, Cached: d.cached, Unstored: d.unstored}
	}
	return res, nil
}

// analyzeRoots analyzes the roots, GOMAXPROCS at a time, and returns what
// was found in each.
func (d *driver) analyzeRoots(rs []*pkg) []Package {
	out := make([]Package, len(rs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range rs {
		g.Go(func() error {
			u := d.unit(p)
			if u.cached {
				// Fresh, the analyzer printed them itself.
				for _, line := range u.notes {
					fmt.Fprintln(d.log(), line)
				}
			}
			out[i] = Package{ID: p.ID, Diagnostics: u.diags}
			if u.err != nil {
				out[i].Err = u.err.Error()
			}
			return nil
		})
	}
	g.Wait()
	return out
}

// A driver analyzes packages on demand and remembers what it found.
type driver struct {
	opts     *Options
	env      *buildEnv
	sizes    types.Sizes
	factType reflect.Type
	keys     map[*pkg]string   // cache keys; "" where there is none
	files    map[*pkg]string   // the digest of each package's files, in its key
	sums     map[string]string // the content hash of each file the keys read

	flushMu   sync.Mutex
	cacheOnce sync.Once

	mu       sync.Mutex
	units    map[*pkg]*unit
	sources  []string // the packages analyzed from source
	cached   int
	unstored int
	pending  []pendingEntry
	noWrite  bool // the cache cannot be written
}

// A unit is what the analysis of one package left: its facts, by object
// path, and its findings.
type unit struct {
	once  sync.Once
	facts map[string][]byte
	diags []jsondiag.Diagnostic
	err   error
	// notes are the lines the analyzer printed beside its findings (see
	// noter), and cached says the unit came from the cache, whose notes
	// were printed by another run.
	notes  []string
	cached bool
	// stale is set when a file was parsed with other content than the
	// cache key describes: it changed while the run went on.
	stale bool
}

func newDriver(opts *Options, pkgs []*pkg) (*driver, error) {
	if len(opts.Analyzer.FactTypes) > 1 {
		return nil, fmt.Errorf("listroute: analyzer %s has more than one fact type", opts.Analyzer.Name)
	}
	env, err := readBuildEnv(opts)
	if err != nil {
		return nil, err
	}
	d := &driver{
		opts:  opts,
		env:   env,
		sizes: types.SizesFor("gc", env.goarch),
		units: make(map[*pkg]*unit),
		keys:  make(map[*pkg]string),
	}
	if len(opts.Analyzer.FactTypes) == 1 {
		d.factType = reflect.TypeOf(opts.Analyzer.FactTypes[0])
	}
	if d.sizes == nil {
		d.sizes = types.SizesFor("gc", "amd64")
	}
	if opts.CacheDir != "" && opts.ToolID != "" {
		d.files, d.sums = fileKeys(env, pkgs)
		d.keys = cacheKeys(env, pkgs, d.files)
	}
	return d, nil
}

// log is where the driver's warnings go.
func (d *driver) log() io.Writer {
	if d.opts.Log != nil {
		return d.opts.Log
	}
	return os.Stderr
}

// goEnv returns the values of go env for the names.
func goEnv(opts *Options, names ...string) ([]string, error) {
	cmd := exec.Command("go", append([]string{"env"}, names...)...)
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(names) {
		return nil, fmt.Errorf("go env: unexpected output %q", out)
	}
	return lines, nil
}

// unit returns the analysis of p, analyzing it (or reading it from the
// cache) the first time it is asked for.
func (d *driver) unit(p *pkg) *unit {
	u := d.newUnit(p)
	u.once.Do(func() {
		key := d.keys[p]
		if e := d.readCache(key); e != nil {
			d.fill(u, e)
			return
		}
		if p.ID != "unsafe" && len(p.CompiledGoFiles) > 0 {
			d.mu.Lock()
			d.sources = append(d.sources, p.ID)
			d.mu.Unlock()
		}
		d.analyze(p, u)
		if u.err == nil || isAnalysisError(u.err) {
			d.stage(p, key, u)
		}
	})
	return u
}

// newUnit returns p's unit, new or not.
func (d *driver) newUnit(p *pkg) *unit {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.units[p]
	if u == nil {
		u = new(unit)
		d.units[p] = u
	}
	return u
}

// fromCache reports whether the analysis of p is in the cache, and if so
// makes it p's unit.
func (d *driver) fromCache(p *pkg) bool {
	e := d.readCache(d.keys[p])
	if e == nil {
		return false
	}
	u := d.newUnit(p)
	u.once.Do(func() { d.fill(u, e) })
	return true
}

// fill makes u what the cache entry e holds.
func (d *driver) fill(u *unit, e *entry) {
	u.facts, u.diags, u.notes, u.cached = e.Facts, e.Diags, e.Notes, true
	if e.Err != "" {
		u.err = analysisError{errors.New(e.Err)}
	}
	d.mu.Lock()
	d.cached++
	d.mu.Unlock()
}

// A noter is an analyzer's result that holds the lines it printed beside
// its findings (respbody.Notes), which the cache keeps and a hit prints.
type noter interface{ Lines() []string }

// An analysisError is the analyzer's own error, as repeatable as its
// findings, so cached with them.
type analysisError struct{ err error }

func (e analysisError) Error() string { return e.err.Error() }

func isAnalysisError(err error) bool {
	var ae analysisError
	return errors.As(err, &ae)
}

// analyze type-checks p from source against its dependencies' export data
// and runs the analyzer on it.
func (d *driver) analyze(p *pkg, u *unit) {
	defer func() {
		if r := recover(); r != nil {
			u.err = fmt.Errorf("internal error in respbody's driver on %s (please report it): %v", p.ID, r)
		}
	}()
	if msg := p.broken(); msg != "" {
		u.err = errors.New(msg)
		return
	}
	if p.ID == "unsafe" || len(p.CompiledGoFiles) == 0 {
		return
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		// The bytes parsed are the bytes checked against the key: a file
		// saved since the key was computed makes the analysis stale,
		// not stored.
		src, err := os.ReadFile(name)
		if err != nil {
			u.err = err
			return
		}
		if sum, ok := d.sums[name]; ok && sum != contentHash(src) {
			u.stale = true
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			u.err = err
			return
		}
		files = append(files, f)
	}
	tc := &types.Config{
		Importer:  d.importer(p, fset),
		Sizes:     d.sizes,
		GoVersion: d.env.langVersion(p),
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	tpkg, err := tc.Check(p.path, fset, files, info)
	if err != nil {
		u.err = fmt.Errorf("type-checking %s: %v", p.ID, err)
		return
	}
	own := make(map[types.Object]analysis.Fact)
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:     d.opts.Analyzer,
		Fset:         fset,
		Files:        files,
		IgnoredFiles: p.IgnoredGoFiles,
		Pkg:          tpkg,
		TypesInfo:    info,
		TypesSizes:   d.sizes,
		Module:       d.module(p),
		Report:       func(diag analysis.Diagnostic) { diags = append(diags, diag) },
		ResultOf:     map[*analysis.Analyzer]any{},
		ReadFile: func(name string) ([]byte, error) {
			for _, f := range p.CompiledGoFiles {
				if f == name {
					return os.ReadFile(name)
				}
			}
			return nil, fmt.Errorf("%s is not a file of package %s", name, p.ID)
		},
		ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
			if obj == nil || obj.Pkg() == nil {
				return false
			}
			if obj.Pkg() == tpkg {
				if f, ok := own[obj]; ok {
					reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
					return true
				}
				return false
			}
			return d.importFact(p, obj, fact)
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != tpkg {
				panic(fmt.Sprintf("%s exported a fact on %v, not an object of package %s", d.opts.Analyzer.Name, obj, p.ID))
			}
			own[obj] = fact
		},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {
			panic("listroute: package facts are not supported")
		},
		AllObjectFacts:  func() []analysis.ObjectFact { panic("listroute: AllObjectFacts is not supported") },
		AllPackageFacts: func() []analysis.PackageFact { panic("listroute: AllPackageFacts is not supported") },
	}
	res, err := d.opts.Analyzer.Run(pass)
	if err != nil {
		u.err = analysisError{err}
		return
	}
	if n, ok := res.(noter); ok {
		u.notes = n.Lines()
	}
	// Encoded once the analysis is over, as unitchecker does.
	var enc objectpath.Encoder
	facts := make(map[string][]byte)
	for obj, fact := range own {
		path, err := enc.For(obj)
		if err != nil {
			continue // importers cannot name it
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			panic(fmt.Sprintf("encoding a fact on %v: %v", obj, err))
		}
		facts[string(path)] = buf.Bytes()
	}
	u.facts = facts
	u.diags = jsondiag.FromAnalysis(fset, diags)
}

// importer returns the importer of p's imports: each is read from the
// export data go list gave, as the package path its types carry.
func (d *driver) importer(p *pkg, fset *token.FileSet) types.Importer {
	files := make(map[string]string)
	resolve := make(map[string]string)
	for _, dep := range p.deps {
		files[dep.path] = dep.Export
	}
	for _, imp := range p.Imports {
		if i := strings.IndexByte(imp, ' '); i >= 0 {
			imp = imp[:i]
		}
		resolve[imp] = imp
	}
	for from, to := range p.ImportMap {
		to, _, _ = strings.Cut(to, " ")
		resolve[from] = to
	}
	gc := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := files[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if to, ok := resolve[path]; ok {
			path = to
		}
		return gc.Import(path)
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// module is p's module, for the pass.
func (d *driver) module(p *pkg) *analysis.Module {
	if p.Module == nil {
		return nil
	}
	return &analysis.Module{Path: p.Module.Path, GoVersion: p.Module.GoVersion}
}

// importFact answers the analyzer of the package from, asking for a fact
// on obj, of a package from imports: that package is analyzed first, if
// it was not yet.
func (d *driver) importFact(from *pkg, obj types.Object, fact analysis.Fact) bool {
	if d.factType == nil || reflect.TypeOf(fact) != d.factType {
		return false
	}
	dep := from.imported(obj.Pkg().Path())
	if dep == nil {
		return false
	}
	du := d.unit(dep)
	if len(du.facts) == 0 {
		return false
	}
	path, err := objectpath.For(obj)
	if err != nil {
		return false
	}
	data, ok := du.facts[string(path)]
	if !ok {
		return false
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(fact); err != nil {
		panic(fmt.Sprintf("decoding a fact on %v: %v", obj, err))
	}
	return true
}
