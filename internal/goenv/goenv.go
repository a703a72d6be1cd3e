// Package goenv prepares the environment of the go commands that a tool
// runs for itself (go list, go env, go vet, and go/packages' go list),
// whose output the tool reads.
//
// GOFLAGS applies to every go command: a user's GOFLAGS=-json, meant for
// their own go build or go test, makes go env print JSON and go/packages'
// go list -f fail. Flags that change what the go command prints or which
// packages it lists, rather than what it builds, are left out of the
// tool's go commands; the flags that change the build (-tags, -mod,
// -trimpath, -gcflags, ...) stay, so that the tool sees the build its user
// sees.
package goenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// outputFlags are the flags the go command's own output depends on, by
// name: how it reports (-json, -n, -x, -v, -work), go list's listing flags,
// and go env's. None of them changes how a package builds.
var outputFlags = map[string]bool{
	"json": true, "n": true, "x": true, "v": true, "work": true,
	"f": true, "e": true, "m": true, "u": true, "find": true, "deps": true, "test": true,
	"export": true, "compiled": true, "reuse": true, "retracted": true, "versions": true,
	"changed": true, "w": true,
}

// neutral is a GOFLAGS value that changes nothing (-buildvcs=auto is the
// default): an empty GOFLAGS in the environment would let the go env file's
// GOFLAGS apply.
const neutral = "-buildvcs=auto"

// Clean returns goflags without the flags that change what the go command
// prints or lists, and the flags it left out. Fields keep their quoting
// (GOFLAGS may quote a field that holds spaces).
func Clean(goflags string) (clean string, dropped []string) {
	var keep []string
	for _, field := range fields(goflags) {
		name := strings.Trim(field, `'"`)
		name = strings.TrimLeft(name, "-")
		name, _, _ = strings.Cut(name, "=")
		if outputFlags[name] {
			dropped = append(dropped, field)
		} else {
			keep = append(keep, field)
		}
	}
	return strings.Join(keep, " "), dropped
}

// fields splits GOFLAGS as the go command does: on spaces, where a field
// that starts with a quote (' or ") runs to the matching quote.
func fields(s string) []string {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t\n\r")
		if s == "" {
			return out
		}
		end := strings.IndexAny(s, " \t\n\r")
		if q := s[0]; q == '\'' || q == '"' {
			if i := strings.IndexByte(s[1:], q); i >= 0 {
				end = i + 2
			}
		}
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
}

// An Env is the environment of a tool's go commands, and what the go
// command said about it.
type Env struct {
	// Vars is the environment for the tool's go commands: the one it was
	// made from, with GOFLAGS cleaned when it had to be.
	Vars []string
	// GOMOD is the go command's GOMOD: the main module's go.mod, "" or
	// os.DevNull outside a module.
	GOMOD string
	// GOFLAGS is the GOFLAGS the go commands see: the environment's, or
	// else the go env file's, cleaned.
	GOFLAGS string
	// Dropped are the GOFLAGS flags left out of Vars.
	Dropped []string
}

// ErrNoGo is returned by Load when there is no go command in PATH.
var ErrNoGo = errors.New("no go command in PATH")

// Load returns the environment for a tool's go commands run in dir ("" for
// the current one), made from env (os.Environ() when nil). It runs go env
// once, with GOFLAGS already cleaned, to read GOMOD and, when the
// environment sets no GOFLAGS, the one of the go env file.
func Load(env []string, dir string) (*Env, error) {
	if env == nil {
		env = os.Environ()
	}
	if _, err := exec.LookPath("go"); err != nil {
		return nil, ErrNoGo
	}
	e := &Env{Vars: env}
	own := lookup(env, "GOFLAGS")
	if own != "" {
		e.clean(own)
	}
	// -json=false: the go env file's GOFLAGS may still say -json.
	cmd := exec.Command("go", "env", "-json=false", "GOMOD", "GOFLAGS")
	cmd.Dir = dir
	cmd.Env = e.Vars
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil, fmt.Errorf("go env: %v: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return nil, fmt.Errorf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("go env: unexpected output %q", out)
	}
	e.GOMOD = lines[0]
	if own == "" && lines[1] != "" {
		e.clean(lines[1]) // from the go env file
	}
	return e, nil
}

// clean sets e.GOFLAGS, and GOFLAGS in e.Vars when goflags has output
// flags, to goflags without them.
func (e *Env) clean(goflags string) {
	clean, dropped := Clean(goflags)
	e.GOFLAGS = clean
	if len(dropped) == 0 {
		return
	}
	e.Dropped = dropped
	if clean == "" {
		clean = neutral
	}
	vars := slices.DeleteFunc(slices.Clone(e.Vars), func(kv string) bool { return strings.HasPrefix(kv, "GOFLAGS=") })
	e.Vars = append(vars, "GOFLAGS="+clean)
}

// lookup returns the value of the environment variable name in env (the
// last one, as exec.Cmd uses it), or "".
func lookup(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}
