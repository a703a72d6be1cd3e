package respbody

import "strings"

// This file is the model every stage shares: the states a body can be in,
// and what each operation on a body does to them. A summary of a function is
// written in the same terms (the states a body passed in, or returned, can be
// in at the function's exits), so that a call can be applied exactly like the
// code of the callee written out at the call.

// A state is a set of atoms: the conditions an obligation may be in at a
// program point, joined over the paths that reach it. The empty set means no
// path reaches the point.
type state uint32

// The atoms. Each is one condition of one body on one path.
const (
	sNone         state = 1 << iota // nothing owed: not obtained yet, nil, or the call failed
	sReplaced                       // the body was replaced by one that owes nothing
	sOpen                           // open and not read to EOF: a close and a drain are owed
	sRead                           // read to EOF, not closed: net/http's Transport gave the connection back; the close is owed
	sHeld                           // no drain owed, but the connection or stream is held until the close: a decoder gave up, a stream loop ended, an HTTP/2 stream
	sEmpty                          // nothing to drain and nothing held: no body, or no pool waits for it; the close is owed
	sDeferred                       // a deferred close is pending, and it was not read to EOF
	sDeferredRead                   // a deferred close is pending, with nothing left to drain
	sClosedUnread                   // closed before it was read to EOF
	sClosed                         // closed with nothing left to drain
	sEscaped                        // handed off to someone else
	// A close deferred on the condition that the function returns a
	// non-nil error (defer func() { if err != nil { resp.Body.Close() } }()):
	// the body is as it was where the function returns nil, closed where
	// it returns an error.
	sCloseOnErr     // open; closed unread if the function fails
	sCloseOnErrRead // nothing to drain; closed if the function fails
	sDrainOnErr     // open; drained and closed if the function fails
	// Reads that owe no drain but are not EOF either.
	sBounded        // read up to a bound (io.LimitReader, io.CopyN), not closed: a deliberate drain, but a longer body is neither at EOF nor closed, and holds its connection and goroutines
	sFailed         // a read of it failed, not closed: no drain owed, but the connection may be held until the close (a decoding error of net/http's transparent gzip does not reach the connection)
	sCloseOnErrPart // read but not known to be at EOF (bounded, failed, given up); closed if the function fails
	// A deferred drain-then-close of a body not read before it: at the exit
	// it is as sDeferredRead, but a closure deferred over a variable that
	// is then reassigned leaves it open (opUndefer), not read.
	sDeferredDrain
	lastAtom = sDeferredDrain
)

// Sets of atoms the stages ask about.
const (
	// live: someone here still owes something for the body.
	live = sOpen | sRead | sHeld | sEmpty | sBounded | sFailed | sDeferred | sDeferredRead | sDeferredDrain | onErr
	// onErr: a close pending on the function's failing.
	onErr = sCloseOnErr | sCloseOnErrRead | sDrainOnErr | sCloseOnErrPart
	// drained: no drain owed, the close is.
	drained = sRead | sHeld | sEmpty | sBounded | sFailed
	// unread: a close now would come before the body was read to EOF.
	unread = sOpen | sDeferred | sCloseOnErr | sDrainOnErr
	// leaky: leaving now, with nothing pending, leaks the body.
	leaky = sOpen | drained
	// owesNothing: states of a returned body for which its receiver owes
	// nothing. A body read to EOF still owes its close.
	owesNothing = sNone | sReplaced | sClosedUnread | sClosed | sEscaped
)

var atomNames = map[state]string{
	sNone: "none", sReplaced: "replaced", sOpen: "open", sRead: "read",
	sHeld: "held", sEmpty: "empty", sDeferred: "deferred",
	sDeferredRead: "deferred-read", sClosedUnread: "closed-unread",
	sClosed: "closed", sEscaped: "kept", sCloseOnErr: "close-on-err",
	sCloseOnErrRead: "close-read-on-err", sDrainOnErr: "drain-on-err",
	sBounded: "bounded", sFailed: "failed", sCloseOnErrPart: "close-part-on-err",
	sDeferredDrain: "deferred-drain",
}

// String lists the atoms of s, "open|read"; the empty set is "-".
func (s state) String() string {
	var names []string
	for a := sNone; a <= lastAtom; a <<= 1 {
		if s&a != 0 {
			names = append(names, atomNames[a])
		}
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, "|")
}

// each applies f to each atom of s and joins the results.
func (s state) each(f func(state) state) state {
	var out state
	for a := sNone; a <= lastAtom; a <<= 1 {
		if s&a != 0 {
			out |= f(a)
		}
	}
	return out
}

// An op is what an event does to a body.
type op uint8

const (
	opProduce        op = iota // a source call: the body starts in the event's set
	opDrain                    // read to EOF
	opBoundedRead              // read up to a bound: a deliberate drain, not EOF
	opGiveUp                   // reading stops on purpose or fails: no drain owed, the close is
	opAssumeRead               // read by code respbody cannot see: no drain owed, the close is
	opReadFailed               // a read of the body failed: no drain owed; the connection may be held until the close
	opClose                    // closed (undrained if unread)
	opCloseRead                // drained, then closed
	opDeferClose               // a close deferred to the function's exit
	opDeferCloseRead           // a drain-then-close deferred to the exit
	opEscape                   // ownership is handed off
	opReplace                  // the body is replaced by one that owes nothing
	opNil                      // the value is nil here: nothing is owed
	opApply                    // a callee's summary: the body ends in one of its exit states
	opDeferApply               // the same, for a deferred call
	opExit                     // the function returns
	opNoReturn                 // the path ends here without returning
	opNoop                     // nothing happens (an exit that left the body as it was)
	opCloseOnErr               // a close deferred to a failing exit
	opDrainOnErr               // a drain-then-close deferred to a failing exit
	opAssume                   // the path has the event's class of error (see events.byWorld)
	opCallSucceeded            // the source call's error is nil here: it returned a response
	opNoBody                   // the response has no body (204, 304, Content-Length 0): nothing to drain or hold
	opStatus                   // the response's status is one of the event's statuses here (status.go)
	opUndefer                  // a closure deferred over a variable will no longer see the body: the variable was reassigned
)

// step is the effect of a simple op on one atom.
func step(o op, a state) state {
	if a&onErr != 0 {
		return stepOnErr(o, a)
	}
	switch o {
	case opDrain:
		switch a {
		case sOpen, sHeld, sBounded:
			return sRead
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opBoundedRead:
		switch a {
		case sOpen, sHeld:
			return sBounded
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opAssumeRead:
		switch a {
		case sOpen:
			return sHeld
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opReadFailed:
		switch a {
		case sOpen, sRead, sHeld, sBounded:
			return sFailed
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opGiveUp:
		switch a {
		case sOpen, sRead:
			// A read credited as a drain that failed did not reach EOF.
			return sHeld
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opClose:
		switch a {
		case sOpen, sDeferred:
			return sClosedUnread
		case sRead, sHeld, sEmpty, sBounded, sFailed, sDeferredRead, sDeferredDrain:
			return sClosed
		}
	case opCloseRead:
		if a&live != 0 {
			return sClosed
		}
	case opDeferClose:
		switch {
		case a == sOpen:
			return sDeferred
		case a&drained != 0:
			return sDeferredRead
		}
	case opDeferCloseRead:
		switch {
		case a == sOpen || a == sDeferred:
			return sDeferredDrain
		case a&drained != 0:
			return sDeferredRead
		}
	case opCloseOnErr, opDrainOnErr:
		switch {
		case a == sOpen && o == opCloseOnErr:
			return sCloseOnErr
		case a == sOpen:
			return sDrainOnErr
		case a == sRead || a == sEmpty:
			return sCloseOnErrRead
		case a&drained != 0:
			return sCloseOnErrPart
		}
	case opEscape:
		if a&live != 0 {
			return sEscaped
		}
	case opReplace:
		if a&live != 0 {
			return sReplaced
		}
	case opNil:
		return sNone
	case opCallSucceeded:
		if a == sNone {
			return 0
		}
	case opNoBody:
		switch a {
		case sOpen, sHeld, sBounded, sFailed:
			return sEmpty
		case sDeferred, sDeferredDrain:
			return sDeferredRead
		}
	case opUndefer:
		switch a {
		case sDeferred:
			return sOpen
		case sDeferredDrain:
			return sOpen
		case sDeferredRead:
			return sRead
		}
	}
	return a
}

// stepOnErr is the effect of a simple op on a body whose close is pending
// on the function's failing: reads and closes now act on the body, and a
// close deferred without condition wins over the conditional one.
func stepOnErr(o op, a state) state {
	read := a == sCloseOnErrRead || a == sCloseOnErrPart
	switch o {
	case opDrain:
		return sCloseOnErrRead
	case opGiveUp, opAssumeRead, opReadFailed, opBoundedRead:
		if a == sCloseOnErrRead {
			return a
		}
		return sCloseOnErrPart
	case opClose:
		if read {
			return sClosed
		}
		return sClosedUnread
	case opCloseRead:
		return sClosed
	case opDeferClose:
		if read {
			return sDeferredRead
		}
		return sDeferred
	case opDeferCloseRead:
		if read {
			return sDeferredRead
		}
		return sDeferredDrain
	case opEscape:
		return sEscaped
	case opReplace:
		return sReplaced
	case opNil:
		return sNone
	case opCallSucceeded:
		return a
	case opNoBody:
		if a == sDrainOnErr || a == sCloseOnErr || a == sCloseOnErrPart {
			return sCloseOnErrRead
		}
	case opUndefer:
		switch a {
		case sCloseOnErr, sDrainOnErr:
			return sOpen
		case sCloseOnErrRead:
			return sRead
		case sCloseOnErrPart:
			return sHeld
		}
	}
	return a
}

// transfer returns the state after a simple op.
func transfer(o op, s state) state {
	return s.each(func(a state) state { return step(o, a) })
}

// apply returns the state of a body after a call whose summary says the
// body, passed in, ends in one of the states exits (zero: untouched). Only a
// live body is changed: each of its atoms goes to the join of what each exit
// makes of it. An exit in sNone (the callee found the value nil) cannot be
// the fate of a live body, and contributes nothing. deferred says the call
// is deferred: its closes happen at the function's exit, its reads too late
// to matter.
func apply(exits state, s state, deferred bool) state {
	if exits == 0 {
		return s
	}
	return s.each(func(a state) state {
		if a&live == 0 {
			return a
		}
		return exits.each(func(e state) state {
			o, ok := exitOp(e, deferred)
			if !ok {
				return 0
			}
			return step(o, a)
		})
	})
}

// applyRepeated returns the state of a body after a call that applies a
// summary's exits any number of times, none included: the join of the
// states after 0, 1, 2, ... applications (a fixed point, reached in at
// most one step per atom).
func applyRepeated(exits state, s state) state {
	for {
		next := s | apply(exits, s, false)
		if next == s {
			return s
		}
		s = next
	}
}

// exitOp is the op that turns a live body into what a callee's exit state
// says became of it; ok is false for an exit no live body can take.
func exitOp(e state, deferred bool) (o op, ok bool) {
	switch e {
	case sOpen:
		return opNoop, true
	case sEmpty:
		if deferred {
			return opNoop, true
		}
		return opNoBody, true
	case sFailed, sBounded:
		if deferred {
			return opNoop, true
		}
		if e == sFailed {
			return opReadFailed, true
		}
		return opBoundedRead, true
	case sRead, sHeld:
		if deferred {
			return opNoop, true // a read at the exit comes too late
		}
		if e == sRead {
			return opDrain, true
		}
		return opAssumeRead, true
	case sClosedUnread, sDeferred:
		if deferred {
			return opDeferClose, true
		}
		return opClose, true
	case sClosed, sDeferredRead, sDeferredDrain:
		if deferred {
			return opDeferCloseRead, true
		}
		return opCloseRead, true
	case sEscaped:
		return opEscape, true
	case sReplaced:
		return opReplace, true
	}
	return 0, false // sNone: the callee found the value nil
}

// atExit is the state a body is in once the function has returned, at
// exits of the given class, and its deferred calls have run.
func atExit(s state, class exitClass) state {
	return s.each(func(a state) state {
		var out state
		switch a {
		case sDeferred:
			return sClosedUnread
		case sDeferredRead, sDeferredDrain:
			return sClosed
		case sCloseOnErr, sDrainOnErr:
			if class.has(okExit) {
				out |= sOpen
			}
			if class.has(errExit) {
				if a == sCloseOnErr {
					out |= sClosedUnread
				} else {
					out |= sClosed
				}
			}
			return out
		case sCloseOnErrRead, sCloseOnErrPart:
			if class.has(okExit) {
				if a == sCloseOnErrRead {
					out |= sRead
				} else {
					out |= sHeld
				}
			}
			if class.has(errExit) {
				out |= sClosed
			}
			return out
		}
		return a
	})
}
