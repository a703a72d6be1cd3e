// Package testmod copies the modules of testdata into a test's temporary
// folder, where the tests may build and edit them.
package testmod

import (
	"os"
	"testing"
)

// Copy copies the folder src (a module of testdata) into a new temporary
// folder of t, and returns that folder.
func Copy(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}
