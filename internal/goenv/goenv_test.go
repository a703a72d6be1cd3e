package goenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		in, clean string
		dropped   []string
	}{
		{"", "", nil},
		{"-mod=mod", "-mod=mod", nil},
		{"-json", "", []string{"-json"}},
		{"-mod=mod -json -tags=a,b", "-mod=mod -tags=a,b", []string{"-json"}},
		{"--json=true -x -v -n -work", "", []string{"--json=true", "-x", "-v", "-n", "-work"}},
		{"-test -deps -export -compiled -f={{.Dir}}", "", []string{"-test", "-deps", "-export", "-compiled", "-f={{.Dir}}"}},
		{`"-gcflags=all=-N -l" -json  -trimpath`, `"-gcflags=all=-N -l" -trimpath`, []string{"-json"}},
		{`'-json' -race`, "-race", []string{"'-json'"}},
	} {
		clean, dropped := Clean(tc.in)
		if clean != tc.clean || !slices.Equal(dropped, tc.dropped) {
			t.Errorf("Clean(%q) = %q, %q; want %q, %q", tc.in, clean, dropped, tc.clean, tc.dropped)
		}
	}
}

// goEnv runs go env NAME with the environment.
func goEnv(t *testing.T, env []string, dir, name string) string {
	t.Helper()
	cmd := exec.Command("go", "env", name)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go env %s: %v\n%s", name, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestLoad checks that the environment Load returns gives go commands
// whose output a tool can read, with GOFLAGS=-json in the environment or
// in the go env file, and keeps the flags that change the build.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	envFile := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(envFile, []byte("GOFLAGS=-json -tags=fromfile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOFLAGS=") || strings.HasPrefix(kv, "GOENV=")
	})
	for _, tc := range []struct {
		name    string
		env     []string
		goflags string // in the environment Load returns
	}{
		{"no GOFLAGS", append(slices.Clone(base), "GOENV=off"), ""},
		{"build flags only", append(slices.Clone(base), "GOENV=off", "GOFLAGS=-mod=mod -tags=x"), "-mod=mod -tags=x"},
		{"-json alone", append(slices.Clone(base), "GOENV=off", "GOFLAGS=-json"), neutral},
		{"-json and build flags", append(slices.Clone(base), "GOENV=off", "GOFLAGS=-mod=mod -json -x"), "-mod=mod"},
		{"-json in the go env file", append(slices.Clone(base), "GOENV="+envFile), "-tags=fromfile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Load(tc.env, dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "go.mod"); e.GOMOD != want {
				t.Errorf("GOMOD = %q, want %q", e.GOMOD, want)
			}
			if got := lookup(e.Vars, "GOFLAGS"); got != tc.goflags {
				t.Errorf("GOFLAGS = %q, want %q", got, tc.goflags)
			}
			if got := goEnv(t, e.Vars, dir, "GOFLAGS"); got != e.GOFLAGS && !(got == neutral && e.GOFLAGS == "") {
				t.Errorf("go env GOFLAGS printed %q, want %q", got, e.GOFLAGS)
			}
			// The go commands the tool runs print what it reads.
			if got := goEnv(t, e.Vars, dir, "GOMOD"); got != e.GOMOD {
				t.Errorf("go env GOMOD printed %q, want %q", got, e.GOMOD)
			}
		})
	}
}

// TestLoadNoGo checks that Load says when there is no go command.
func TestLoadNoGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := Load(nil, ""); err != ErrNoGo {
		t.Fatalf("Load without go in PATH: %v, want ErrNoGo", err)
	}
}
