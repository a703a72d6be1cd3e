package respbody_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis/analysistest"
)

// racePackages is how many independent packages TestParallelPasses
// analyzes at once: enough that some pass creates its package in the shared
// program after another has built its own and is analyzing it.
const racePackages = 12

// writeRacePackages writes n GOPATH-style packages p0...p(n-1) that do not
// import each other, so that the checker runs their passes in parallel, and
// returns the GOPATH root. Each calls a method of an unexported interface,
// which respbody summarizes by the package's implementations of it: it
// looks them up in the SSA program (a method declared on the value, one
// on the pointer, and one promoted from an embedded field, for which SSA
// makes a wrapper) while it analyzes the package.
func writeRacePackages(t *testing.T, n int) (root string, pkgs []string) {
	t.Helper()
	root = t.TempDir()
	for i := range n {
		name := fmt.Sprintf("p%d", i)
		dir := filepath.Join(root, "src", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		src := fmt.Sprintf(`package %[1]s

import "net/http"

type getter interface {
	get(u string) (*http.Response, error)
}

type direct struct{}

func (direct) get(u string) (*http.Response, error) { return http.Get(u) } // want get:%[2]s

type viaPointer struct{}

func (*viaPointer) get(u string) (*http.Response, error) { return http.Get(u) } // want get:%[2]s

type promoted struct{ direct }

func Status(g getter, u string) int {
	resp, err := g.get(u) // want %[3]s
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`, name, "`results\\(0:fresh:\\{ok:open err:none\\}\\)`", "`resp.Body is not closed`")
		if err := os.WriteFile(filepath.Join(dir, name+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, name)
	}
	return root, pkgs
}

// TestParallelPasses analyzes independent packages in one run, as the
// checker does in-process (the command's -fix, -diff and -c, and
// golangci-lint): the passes share one FileSet, so one SSA program, and run
// in parallel. Under -race it checks that no pass reads the program's
// state while another creates a package in it (a method lookup once read
// the program's package map unlocked: without -race, that can be a fatal
// "concurrent map read and map write").
func TestParallelPasses(t *testing.T) {
	t.Parallel()
	root, pkgs := writeRacePackages(t, racePackages)
	analysistest.Run(t, root, respbody.Analyzer, pkgs...)
}
