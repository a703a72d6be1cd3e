package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rough edges of the command's routes: patterns that look like a vet
// config, patterns that match nothing, no go command, and GOFLAGS that
// the go command's own output depends on.

// leakSrc is a package with one leak.
const leakSrc = `package conf

import "net/http"

func Status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`

// writeFile writes src to dir/name, making the folders it needs.
func writeFile(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCfgPattern checks that a package pattern ending in .cfg (a package
// directory named so) is analyzed as a package, on every route, rather
// than read as go vet's config file.
func TestCfgPattern(t *testing.T) {
	t.Parallel()
	bin, dir := build(t), module(t)
	writeFile(t, dir, "conf.cfg/conf.go", leakSrc)
	for _, route := range [][]string{nil, {"-inprocess"}, {"-govet"}} {
		args := append(route, "./conf.cfg")
		out, code := run(t, dir, bin, args...)
		if code != 3 || !strings.Contains(out, "conf.cfg/conf.go:6:15: resp.Body is not closed") {
			t.Errorf("respbody %s: exit %d, want 3 and the leak in conf.cfg/conf.go:\n%s", strings.Join(args, " "), code, out)
		}
	}
}
