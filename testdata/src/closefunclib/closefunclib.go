// Package closefunclib has helpers that take a Close method value (used
// from package closefuncuse).
package closefunclib

import (
	"log"
	"net/http"
)

// Quietly calls f and drops its error.
func Quietly(f func() error) { // want Quietly:`params\(0:closed-unread\)`
	_ = f()
}

// Logged calls f and logs its error.
func Logged(f func() error) { // want Logged:`params\(0:closed-unread\)`
	if err := f(); err != nil {
		log.Print(err)
	}
}

// A Cleanup runs functions later.
type Cleanup struct{ fs []func() error }

// Add keeps f for later.
func (c *Cleanup) Add(f func() error) { // want Add:`params\(1:kept\)`
	c.fs = append(c.fs, f)
}

// Status reads the status of resp (it keeps this package analyzed).
func Status(resp *http.Response) int { return resp.StatusCode } // want Status:`none`
