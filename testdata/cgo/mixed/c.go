// Package mixed uses cgo in one file, and has another that does not: cgo's
// files come last. Its finding, in the other file, needs lib's summaries.
package mixed

// #include <stdlib.h>
import "C"

// Abs is C's abs.
func Abs(n int) int { return int(C.abs(C.int(n))) }
