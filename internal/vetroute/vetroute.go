// Package vetroute runs an analysis tool under the go command, as
// "go vet -vettool=TOOL -json", and reads back what it reported.
//
// The go command analyzes each package with the tool as a separate process,
// from the compiled export data of its dependencies, and caches both the
// facts and the results in the build cache: a second run on unchanged code
// costs little more than the go command's own bookkeeping, and memory stays
// that of one package at a time. An in-process driver (go/analysis's
// checker) loads every dependency from source on every run instead, as soon
// as an analyzer has facts.
//
// The tool must be a go/analysis command (singlechecker or multichecker),
// which speaks the go command's vet protocol.
package vetroute

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"

	"github.com/respbody/respbody/internal/jsondiag"
)

// A Package holds what the tool reported for one package (its ID as the
// go command names it, e.g. "p [p.test]").
type Package struct {
	ID          string
	Diagnostics []jsondiag.Diagnostic
	Err         string // the analysis failed
}

// A Result is what one run reported.
type Result struct {
	Packages []Package
	// Output holds what the go command printed that is not the tool's
	// JSON: build errors ("# pkg" headers and compiler messages), and
	// messages of its own.
	Output string
	// Failed is set when the go command exited with an error: a package
	// did not build, or a pattern matched nothing it could vet.
	Failed bool
	// NoPackages is set, with Failed, when the patterns matched no
	// package (go vet: "no packages to vet").
	NoPackages bool
}

// Options says what to run.
type Options struct {
	Tool       string   // path of the analysis tool
	ToolFlags  []string // the tool's own flags, e.g. -drain=never
	BuildFlags []string // the go command's build flags, e.g. -tags=a,b
	Patterns   []string // package patterns
	Dir        string   // working directory ("" for the current one)
	Env        []string // environment (nil for the current one)
}

// Unavailable returns why the go command cannot be used for patterns, or
// nil when it can: there must be a go command, and no GOPACKAGESDRIVER
// (Bazel and other build systems answer go/packages but not go vet).
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

// Run runs go vet with the tool and returns what it reported. An error
// means the go command could not be run or its output not be read.
func Run(opts Options) (*Result, error) {
	args := []string{"vet"}
	args = append(args, opts.BuildFlags...)
	args = append(args, "-vettool="+opts.Tool, "-json")
	args = append(args, opts.ToolFlags...)
	args = append(args, opts.Patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("go vet: %v", err)
	}
	res, perr := parse(out.Bytes())
	if perr != nil {
		if err != nil {
			// The go command failed: its output need not be the tool's.
			return &Result{Output: out.String(), Failed: true}, nil
		}
		return nil, perr
	}
	res.Failed = err != nil
	res.NoPackages = res.Failed && len(res.Packages) == 0 && slices.Contains(strings.Split(res.Output, "\n"), noPackages)
	return res, nil
}

// noPackages is what go vet says when the patterns matched no package.
const noPackages = "no packages to vet"

// parse splits the go command's output into the tool's JSON trees and the
// rest. The tool prints each package's tree as an indented JSON object
// starting with a line "{" and ending with a line "}".
func parse(out []byte) (*Result, error) {
	res := &Result{}
	var other strings.Builder
	var obj []byte
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case obj == nil && string(line) == "{}":
			// A package with nothing to report.
		case obj == nil && string(line) == "{":
			obj = append(obj, line...)
			obj = append(obj, '\n')
		case obj != nil:
			obj = append(obj, line...)
			obj = append(obj, '\n')
			if string(line) == "}" {
				if err := res.addTree(obj); err != nil {
					return nil, err
				}
				obj = nil
			}
		default:
			other.Write(line)
			other.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if obj != nil {
		return nil, errors.New("go vet: truncated JSON output")
	}
	res.Output = other.String()
	sort.SliceStable(res.Packages, func(i, j int) bool { return res.Packages[i].ID < res.Packages[j].ID })
	return res, nil
}

// addTree adds one JSON tree: package ID -> analyzer -> diagnostics, or
// {"error": "..."} when the analysis failed.
func (res *Result) addTree(data []byte) error {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return fmt.Errorf("go vet: reading the tool's output: %v", err)
	}
	for id, byAnalyzer := range tree {
		p := Package{ID: id}
		for _, raw := range byAnalyzer {
			if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
				var e struct {
					Error string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return fmt.Errorf("go vet: reading the tool's output: %v", err)
				}
				p.Err = e.Error
				continue
			}
			var diags []jsondiag.Diagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return fmt.Errorf("go vet: reading the tool's output: %v", err)
			}
			p.Diagnostics = append(p.Diagnostics, diags...)
		}
		res.Packages = append(res.Packages, p)
	}
	return nil
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

// WithoutTests drops the diagnostics in _test.go files, and names each
// package by its path rather than its test variant's ID, for runs that
// exclude tests: the go command vets a package with its tests when it has
// some, and the findings in its other files are the same either way.
func (res *Result) WithoutTests() {
	byID := make(map[string]int)
	var pkgs []Package
	for _, p := range res.Packages {
		id, variant, _ := strings.Cut(p.ID, " ")
		if variant != "" && strings.HasSuffix(id, "_test") || strings.HasSuffix(id, ".test") {
			continue // an external test package ("p_test [p.test]"), or a test main
		}
		var keep []jsondiag.Diagnostic
		for _, d := range p.Diagnostics {
			if !isTestFile(d.Posn) {
				keep = append(keep, d)
			}
		}
		if i, ok := byID[id]; ok {
			pkgs[i].Diagnostics = append(pkgs[i].Diagnostics, keep...)
			if pkgs[i].Err == "" {
				pkgs[i].Err = p.Err
			}
			continue
		}
		byID[id] = len(pkgs)
		pkgs = append(pkgs, Package{ID: id, Diagnostics: keep, Err: p.Err})
	}
	res.Packages = pkgs
}

// isTestFile reports whether posn (file:line:col) is in a _test.go file.
func isTestFile(posn string) bool {
	file := posn
	for range 2 {
		if i := strings.LastIndexByte(file, ':'); i >= 0 {
			file = file[:i]
		}
	}
	return strings.HasSuffix(file, "_test.go")
}
