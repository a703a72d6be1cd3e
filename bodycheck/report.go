package bodycheck

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// response is what a finding says about the response a body came with.
type response struct {
	seq           uint64 // order of RoundTrip calls, for a stable report
	method, url   string
	status        string
	contentLength int64     // -1 if unknown
	obtained      []uintptr // stack of the RoundTrip
}

// kind is what went wrong with a body.
type kind int

const (
	neverClosed   kind = iota // open at the end of the test, EOF not seen
	readNotClosed             // open at the end of the test, EOF seen
	closedEarly               // closed before EOF with bytes left
)

// finding is one body the test fails for.
type finding struct {
	kind     kind
	resp     response
	read     int64     // bytes the caller read
	closedAt []uintptr // stack of the Close, for closedEarly
}

// drainAdvice is the drain respbody advises and writes in its fixes.
const drainAdvice = "io.CopyN(io.Discard, resp.Body, 256<<10)"

// String says what is wrong, what it costs and what to do, then where.
func (f finding) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "bodycheck: %s %s: %s: ", f.resp.method, f.resp.url, f.resp.status)
	switch f.kind {
	case neverClosed:
		sb.WriteString("body never closed: its connection and two goroutines are held until the request ends; " +
			"close it after the error check, draining it first: " + drainAdvice)
		writeStack(&sb, "obtained at", f.resp.obtained, maxFrames)
	case readNotClosed:
		fmt.Fprintf(&sb, "body read to EOF (%d bytes) but never closed: its connection went back to the pool, "+
			"but net/http requires the caller to close every body; close it after the error check", f.read)
		writeStack(&sb, "obtained at", f.resp.obtained, maxFrames)
	case closedEarly:
		fmt.Fprintf(&sb, "body closed %s: its connection cannot go back to the pool and the next request dials a new one "+
			"(from Go 1.27 only a rest under 256 KiB that arrives within 50 ms is drained for it); "+
			"drain it before closing: %s", f.howFar(), drainAdvice)
		writeStack(&sb, "closed at", f.closedAt, maxFrames)
		writeStack(&sb, "obtained at", f.resp.obtained, 1)
	}
	return sb.String()
}

// howFar says how much of the body was read before the Close.
func (f finding) howFar() string {
	if f.resp.contentLength >= 0 {
		return fmt.Sprintf("after %d of %d bytes", f.read, f.resp.contentLength)
	}
	return fmt.Sprintf("after %d bytes, before EOF (its length is unknown)", f.read)
}

// maxFrames bounds a stack in a report: the frames nearest the call are
// the ones that say which code to fix.
const maxFrames = 10

// writeStack writes the useful frames of stack under a title, at most limit
// of them.
func writeStack(sb *strings.Builder, title string, stack []uintptr, limit int) {
	frames := usefulFrames(stack)
	fmt.Fprintf(sb, "\n%s:", title)
	for i, fr := range frames {
		if i == limit {
			fmt.Fprintf(sb, "\n\t... %d more", len(frames)-limit)
			break
		}
		fmt.Fprintf(sb, "\n\t%s\n\t\t%s:%d", fr.Function, fr.File, fr.Line)
	}
}

// callers returns the stack of its caller's caller, skip counting as in
// runtime.Callers from the caller of callers.
func callers(skip int) []uintptr {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip+1, pcs)
	return pcs[:n:n]
}

// selfPkg is this package's path as it appears in function names.
var selfPkg = strings.TrimSuffix(runtime.FuncForPC(reflect.ValueOf(callers).Pointer()).Name(), ".callers")

// inPackage reports whether fr is a function of the package with path pkg.
func inPackage(fr runtime.Frame, pkg string) bool {
	return strings.HasPrefix(fr.Function, pkg+".")
}

// usefulFrames returns the frames of stack that say something about the
// code under test: without this package's frames and net/http's at the
// top, nor the testing package's and the runtime's at the bottom. A stack
// with nothing else keeps everything but this package's frames.
func usefulFrames(stack []uintptr) []runtime.Frame {
	var all []runtime.Frame
	frames := runtime.CallersFrames(stack)
	for {
		fr, more := frames.Next()
		if fr.Function != "" {
			all = append(all, fr)
		}
		if !more {
			break
		}
	}
	i := 0
	for i < len(all) && inPackage(all[i], selfPkg) {
		i++
	}
	own := i
	for i < len(all) && inPackage(all[i], "net/http") {
		i++
	}
	j := len(all)
	for j > i && (inPackage(all[j-1], "runtime") || inPackage(all[j-1], "testing")) {
		j--
	}
	if i == j {
		return all[own:]
	}
	return all[i:j]
}

// closedByClient reports whether the Close at stack was made by
// net/http's Client itself (for a redirect it follows, or one its
// CheckRedirect refused) rather than by the code under test.
func closedByClient(stack []uintptr) bool {
	frames := runtime.CallersFrames(stack)
	for {
		fr, more := frames.Next()
		switch {
		case inPackage(fr, selfPkg):
		case strings.HasPrefix(fr.Function, "net/http.(*Client)."):
			return true
		case !inPackage(fr, "net/http"):
			return false
		}
		if !more {
			return false
		}
	}
}
