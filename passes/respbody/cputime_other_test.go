//go:build !unix

package respbody_test

import "time"

// processStart anchors cpuTime where the system gives no CPU time.
var processStart = time.Now()

// cpuTime returns the wall time since the process started: a stand-in for
// its CPU time, which other processes can inflate.
func cpuTime() time.Duration { return time.Since(processStart) }
