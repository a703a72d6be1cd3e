package respbody

import "testing"

// TestApply checks that applying a callee's exit states to a caller's body
// is the callee's code written out at the call: each live atom goes to the
// join of what each exit makes of it, and what is not live stays.
func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name            string
		exits, in, want state
		deferred        bool
	}{
		{"untouched", 0, sOpen, sOpen, false},
		{"drains on every path", sRead, sOpen, sRead, false},
		{"drains on some paths", sOpen | sRead, sOpen, sOpen | sRead, false},
		{"closes unread", sClosedUnread, sOpen, sClosedUnread, false},
		{"closes what the caller read", sClosedUnread, sRead, sClosed, false},
		{"drains then closes", sClosed, sOpen, sClosed, false},
		{"keeps it", sEscaped, sOpen | sRead, sEscaped, false},
		{"nil in the callee is no fate of a live body", sNone | sClosed, sOpen, sClosed, false},
		{"only nil: the path cannot be taken", sNone, sOpen, 0, false},
		{"replaces it", sReplaced, sOpen, sReplaced, false},
		{"a failed read may hold the connection", sFailed, sOpen, sFailed, false},
		{"no body in the callee", sEmpty, sOpen, sEmpty, false},
		{"a bounded drain is not EOF", sBounded, sOpen, sBounded, false},
		{"a bounded drain of a read body", sBounded, sRead, sRead, false},
		{"a read that stops holds it", sHeld, sOpen, sHeld, false},
		{"a read that stops, of a read body", sHeld, sRead, sRead, false},
		{"deferred bounded drain comes too late", sBounded, sOpen, sOpen, true},
		{"not live: unchanged", sClosedUnread, sNone | sClosed, sNone | sClosed, false},
		{"deferred close", sClosedUnread, sOpen, sDeferred, true},
		{"deferred drain-and-close", sClosed, sOpen, sDeferredDrain, true},
		{"deferred drain-and-close of a read body", sClosed, sRead, sDeferredRead, true},
		{"deferred read comes too late", sRead, sOpen, sOpen, true},
		{"deferred close of a read body", sClosedUnread, sRead, sDeferredRead, true},
	} {
		if got := apply(tc.exits, tc.in, tc.deferred); got != tc.want {
			t.Errorf("%s: apply(%s, %s, %v) = %s, want %s", tc.name, tc.exits, tc.in, tc.deferred, got, tc.want)
		}
	}
}

// TestTransfer checks the simple ops on sets of atoms.
func TestTransfer(t *testing.T) {
	for _, tc := range []struct {
		o        op
		in, want state
	}{
		{opDrain, sOpen | sDeferred, sRead | sDeferredRead},
		{opClose, sOpen | sRead, sClosedUnread | sClosed},
		{opClose, sDeferred, sClosedUnread},
		{opDeferClose, sOpen | sHeld, sDeferred | sDeferredRead},
		{opGiveUp, sOpen | sRead, sHeld},
		{opAssumeRead, sOpen | sRead, sHeld | sRead},
		{opReadFailed, sOpen | sDeferred, sFailed | sDeferredRead},
		{opReadFailed, sRead | sBounded, sFailed},
		{opBoundedRead, sOpen | sDeferred, sBounded | sDeferredRead},
		{opBoundedRead, sRead | sHeld, sRead | sBounded},
		{opDrain, sBounded, sRead},
		{opClose, sBounded | sFailed, sClosed},
		{opDeferClose, sBounded | sFailed, sDeferredRead},
		{opCloseOnErr, sRead | sBounded, sCloseOnErrRead | sCloseOnErrPart},
		{opBoundedRead, sCloseOnErr, sCloseOnErrPart},
		{opDrain, sCloseOnErrPart, sCloseOnErrRead},
		{opEscape, sOpen | sNone | sClosed, sEscaped | sNone | sClosed},
		{opReplace, sRead, sReplaced},
		{opNil, sOpen | sClosed, sNone},
		{opDrain, 0, 0},
		{opDeferCloseRead, sOpen | sRead, sDeferredDrain | sDeferredRead},
		{opDrain, sDeferredDrain, sDeferredRead},
		{opUndefer, sDeferred | sDeferredDrain, sOpen},
		{opUndefer, sDeferredRead | sClosed, sRead | sClosed},
		{opUndefer, sCloseOnErr | sCloseOnErrRead, sOpen | sRead},
	} {
		if got := transfer(tc.o, tc.in); got != tc.want {
			t.Errorf("transfer(%d, %s) = %s, want %s", tc.o, tc.in, got, tc.want)
		}
	}
}

// TestAtExit checks that pending deferred closes run at the exit.
func TestAtExit(t *testing.T) {
	if got, want := atExit(sDeferred|sDeferredRead|sDeferredDrain|sOpen, classBoth), sClosedUnread|sClosed|sOpen; got != want {
		t.Errorf("atExit = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		in    state
		class exitClass
		want  state
	}{
		{sCloseOnErr, classOK, sOpen},
		{sCloseOnErr, classErr, sClosedUnread},
		{sCloseOnErr, classBoth, sOpen | sClosedUnread},
		{sDrainOnErr, classErr, sClosed},
		{sCloseOnErrRead, classOK, sRead},
		{sCloseOnErrRead, classErr, sClosed},
		{sCloseOnErrPart, classOK, sHeld},
		{sCloseOnErrPart, classErr, sClosed},
	} {
		if got := atExit(tc.in, tc.class); got != tc.want {
			t.Errorf("atExit(%s, %d) = %s, want %s", tc.in, tc.class, got, tc.want)
		}
	}
}
