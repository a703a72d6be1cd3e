package listroute

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// A pkg is one package as go list -export describes it. Its ID is the go
// command's ImportPath ("p", "p [q.test]", "p_test [p.test]", "p.test").
type pkg struct {
	ID              string `json:"ImportPath"`
	Name            string
	Dir             string
	GoFiles         []string
	CgoFiles        []string
	CFiles          []string
	CXXFiles        []string
	HFiles          []string
	CompiledGoFiles []string
	IgnoredGoFiles  []string
	Export          string
	DepOnly         bool
	Standard        bool
	ForTest         string
	TestGoFiles     []string
	ImportMap       map[string]string
	Imports         []string
	Module          *struct {
		Path      string
		Dir       string
		GoVersion string
	}
	Error *struct {
		Err string
	}
	DepsErrors []*struct {
		Err string
	}
	Incomplete bool

	// path is the package path its types carry: the ID without the test
	// variant's " [q.test]".
	path string
	// deps are the packages it imports, by ID.
	deps []*pkg
	// closure maps the package path of each package it imports,
	// directly or not, to that package; made on first use (imported).
	closureOnce sync.Once
	closure     map[string]*pkg
}

// imported returns the package of path that p imports, directly or not,
// or nil.
func (p *pkg) imported(path string) *pkg {
	p.closureOnce.Do(func() {
		p.closure = make(map[string]*pkg)
		var visit func(q *pkg)
		visit = func(q *pkg) {
			for _, dep := range q.deps {
				if _, seen := p.closure[dep.path]; !seen {
					p.closure[dep.path] = dep
					visit(dep)
				}
			}
		}
		visit(p)
	})
	return p.closure[path]
}

// allImported returns the packages p imports, directly or not.
func (p *pkg) allImported() []*pkg {
	p.imported("")
	return slices.Collect(maps.Values(p.closure))
}

// link sets p.deps from p.Imports.
func (p *pkg) link(byID map[string]*pkg) {
	p.deps = p.deps[:0]
	for _, imp := range p.Imports {
		if d := byID[imp]; d != nil {
			p.deps = append(p.deps, d)
		}
	}
}

// listFields are the fields go list prints (-json=...): a subset keeps its
// output, and its cost, small. Export data is asked for separately
// (exportFields), and only when some package must be analyzed.
// The files cgo writes (CompiledGoFiles) come with the export data too:
// -compiled doubles the cost of a listing, and a package without cgo
// compiles its GoFiles as they are.
const (
	listFields   = "ImportPath,Name,Dir,GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,IgnoredGoFiles,DepOnly,Standard,ForTest,TestGoFiles,ImportMap,Imports,Module,Error,DepsErrors,Incomplete"
	exportFields = "ImportPath,Dir,CompiledGoFiles,Imports,ImportMap,Export,Error,DepsErrors"
)

// goList runs go list -e -deps with the extra arguments and the patterns,
// and decodes the packages it prints (dependencies first). It also returns
// what the go command printed on standard error, and whether it failed.
func goList(opts *Options, extra []string, patterns []string) (pkgs []*pkg, output string, failed bool, err error) {
	args := []string{"list", "-e", "-deps"}
	args = append(args, extra...)
	args = append(args, opts.BuildFlags...)
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return nil, "", false, fmt.Errorf("go list: %v", runErr)
	}
	dec := json.NewDecoder(&stdout)
	for {
		p := new(pkg)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			if runErr != nil {
				return nil, stderr.String(), true, nil
			}
			return nil, "", false, fmt.Errorf("go list: reading its output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, stderr.String(), runErr != nil, nil
}

// list lists the packages of the patterns and their dependencies, with the
// export data of each when export is set.
func list(opts *Options, export bool) (pkgs []*pkg, output string, failed bool, err error) {
	fields := listFields
	if export {
		fields += ",CompiledGoFiles,Export"
	}
	extra := []string{"-json=" + fields}
	if export {
		extra = append(extra, "-export", "-compiled")
	}
	if opts.Tests {
		extra = append(extra, "-test")
	}
	pkgs, output, failed, err = goList(opts, extra, opts.Patterns)
	if err != nil || failed {
		return nil, output, failed, err
	}
	byID := make(map[string]*pkg)
	for _, p := range pkgs {
		p.path, _, _ = strings.Cut(p.ID, " ")
		absolute(p.Dir, p.GoFiles)
		absolute(p.Dir, p.CgoFiles)
		absolute(p.Dir, p.CompiledGoFiles)
		absolute(p.Dir, p.CFiles)
		absolute(p.Dir, p.CXXFiles)
		absolute(p.Dir, p.HFiles)
		if !export && len(p.CgoFiles) == 0 {
			p.CompiledGoFiles = p.GoFiles
		}
		byID[p.ID] = p
	}
	for _, p := range pkgs {
		p.link(byID)
	}
	return pkgs, output, false, nil
}

// absolute makes the file names, relative to dir, absolute.
func absolute(dir string, files []string) {
	for i, f := range files {
		if !filepath.IsAbs(f) {
			files[i] = filepath.Join(dir, f)
		}
	}
}

// addExports asks go list for the export data of the packages that the
// analysis of the roots may need: the imports of the roots, and theirs.
// When those are all packages go list can name (no test variant among
// them), it lists only them, so that a root, which no analysis imports, is
// not compiled (after an edit, that compile would be most of the run);
// else it lists the patterns again, with export data. It returns what the
// go command printed, and whether a needed package does not build.
func addExports(opts *Options, pkgs []*pkg, roots []*pkg) (output string, failed bool, err error) {
	need := make(map[string]bool)
	variant := false
	for _, r := range roots {
		for _, d := range r.deps {
			need[d.ID] = true
			variant = variant || strings.Contains(d.ID, " ")
		}
		if len(r.CgoFiles) > 0 {
			// Its CompiledGoFiles come with export data.
			need[r.ID] = true
			variant = variant || strings.Contains(r.ID, " ")
		}
	}
	if len(need) == 0 {
		return "", false, nil
	}
	extra := []string{"-export", "-compiled", "-json=" + exportFields}
	patterns := slices.Sorted(maps.Keys(need))
	if variant {
		if opts.Tests {
			extra = append(extra, "-test")
		}
		patterns = opts.Patterns
	}
	listed, output, failed, err := goList(opts, extra, patterns)
	if err != nil || failed {
		return output, failed, err
	}
	byID := make(map[string]*pkg)
	for _, p := range listed {
		byID[p.ID] = p
	}
	all := make(map[string]*pkg)
	for _, p := range pkgs {
		all[p.ID] = p
	}
	for _, p := range pkgs {
		if q := byID[p.ID]; q != nil {
			p.Export = q.Export
			if len(p.CgoFiles) > 0 {
				// The files cgo writes import more (syscall,
				// runtime/cgo, unsafe).
				absolute(q.Dir, q.CompiledGoFiles)
				p.CompiledGoFiles, p.Imports, p.ImportMap = q.CompiledGoFiles, q.Imports, q.ImportMap
				p.link(all)
			}
			if q.Error != nil && p.Error == nil {
				p.Error = q.Error
			}
		}
	}
	// A package that does not compile has no export data, and an error.
	for _, p := range listed {
		if p.Error != nil || len(p.DepsErrors) > 0 {
			return output, true, nil
		}
	}
	return output, false, nil
}

// broken reports why p cannot be analyzed, or "" when it can.
func (p *pkg) broken() string {
	switch {
	case p.Error != nil:
		return strings.TrimSpace(p.Error.Err)
	case len(p.DepsErrors) > 0:
		return strings.TrimSpace(p.DepsErrors[0].Err)
	}
	return ""
}

// roots returns the packages to report on, as go vet picks them: each
// package the patterns match, replaced by its test variant when it has
// test files, and each external test package; never a test main.
func roots(pkgs []*pkg) []*pkg {
	hasVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.path == p.ForTest {
			hasVariant[p.path] = true
		}
	}
	var out []*pkg
	for _, p := range pkgs {
		switch {
		case p.DepOnly:
		case strings.HasSuffix(p.ID, ".test") && p.Name == "main" && p.ForTest == "":
			// A generated test main.
		case p.ForTest == "" && hasVariant[p.path]:
			// Analyzed as its test variant.
		case p.ForTest != "" && p.path != p.ForTest && !strings.HasSuffix(p.path, "_test"):
			// A dependency recompiled for a test, listed because it
			// matched the patterns too: its plain variant is reported.
		default:
			out = append(out, p)
		}
	}
	return out
}
