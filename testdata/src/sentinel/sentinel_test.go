package sentinel

import "testing"

// A test that swaps a sentinel does not change what the package's own
// code does in production: errNotPartial stays a sentinel there, with and
// without the tests.
func TestSwap(t *testing.T) {
	old := errNotPartial
	errNotPartial = nil
	defer func() { errNotPartial = old }()
}
