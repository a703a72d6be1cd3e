// Package testsonly checks the test-file policy: a response a test never
// uses (it looks only at the error) is not reported there.
package testsonly
