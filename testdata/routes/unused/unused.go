// Package unused is imported for a constant: no summary of it is needed.
package unused

// Name is a name.
const Name = "http://localhost"
