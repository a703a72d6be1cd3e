package listroute

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
)

// A pkg is one package as go list -export describes it. Its ID is the go
// command's ImportPath ("p", "p [q.test]", "p_test [p.test]", "p.test").
type pkg struct {
	ID              string `json:"ImportPath"`
	Name            string
	Dir             string
	CompiledGoFiles []string
	IgnoredGoFiles  []string
	Export          string
	BuildID         string
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
}

// listFields are the fields go list prints (-json=...): a subset keeps its
// output, and its cost, small.
const listFields = "ImportPath,Name,Dir,CompiledGoFiles,IgnoredGoFiles,Export,BuildID,DepOnly,Standard,ForTest,TestGoFiles,ImportMap,Imports,Module,Error,DepsErrors,Incomplete"

// list runs go list -export -deps on the patterns and returns the packages
// in the order go list prints them (dependencies first), what the go
// command printed on standard error, and whether it failed.
func list(opts *Options) (pkgs []*pkg, output string, failed bool, err error) {
	args := []string{"list", "-e", "-export", "-deps", "-compiled", "-json=" + listFields}
	if opts.Tests {
		args = append(args, "-test")
	}
	args = append(args, opts.BuildFlags...)
	args = append(args, "--")
	args = append(args, opts.Patterns...)
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
	byID := make(map[string]*pkg)
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
		p.path, _, _ = strings.Cut(p.ID, " ")
		for i, f := range p.CompiledGoFiles {
			if !filepath.IsAbs(f) {
				p.CompiledGoFiles[i] = filepath.Join(p.Dir, f)
			}
		}
		byID[p.ID] = p
		pkgs = append(pkgs, p)
	}
	for _, p := range pkgs {
		for _, imp := range p.Imports {
			if imp == "C" {
				continue
			}
			if d := byID[imp]; d != nil {
				p.deps = append(p.deps, d)
			}
		}
	}
	return pkgs, stderr.String(), runErr != nil, nil
}

// broken reports why p cannot be analyzed, or "" when it can.
func (p *pkg) broken() string {
	switch {
	case p.Error != nil:
		return strings.TrimSpace(p.Error.Err)
	case len(p.DepsErrors) > 0:
		return strings.TrimSpace(p.DepsErrors[0].Err)
	case p.Export == "" && p.ID != "unsafe" && len(p.CompiledGoFiles) > 0:
		return "no export data"
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
