// Package respbody defines an Analyzer that reports HTTP response bodies
// that are never closed, or closed before they were read to EOF.
//
// # Analyzer respbody
//
// respbody: report response bodies that leak or waste their connection
//
// A *http.Response owns a connection until its Body is closed. A body that
// is never closed leaks the connection and two goroutines for as long as
// the request lives. A body that is closed before it was read to EOF cannot
// hand its connection back to the pool: on HTTP/1.x (Go 1.26 and earlier)
// the transport closes it, and the next request pays a new TCP and TLS
// handshake.
//
// The analyzer reports two categories of diagnostic.
//
// unclosed: on some path the response was obtained without error, and the
// function returns (or a loop obtains the next response, or a new body
// replaces it) while the body is neither closed nor handed to someone else,
// nor read to EOF:
//
//	resp, err := http.Get(url) // want: resp.Body is not closed on the path that returns at line 6
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status)
//	}
//	defer resp.Body.Close()
//
// undrained: on some path the body is closed (directly, by a deferred call
// or closure, or by a helper) before anything read it to EOF:
//
//	resp, err := http.Get(url)
//	if err != nil {
//		return err
//	}
//	defer resp.Body.Close() // want: closed by this deferred call before it is read to EOF
//	return json.NewDecoder(resp.Body).Decode(&v)
//
// json.Decoder.Decode stops after one value and leaves the encoder's
// trailing newline unread. The fix reads the rest, up to 256 KiB (what Go
// 1.27 reads on Close by itself), before closing:
//
//	defer func() {
//		_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
//		resp.Body.Close()
//	}()
//
// What reads a body to EOF: io.ReadAll, io.Copy and io.CopyBuffer,
// bytes.Buffer.ReadFrom, bufio.Reader.WriteTo, csv.Reader.ReadAll,
// httputil.DumpResponse(resp, true), Response.Write; a bufio.Scanner loop
// that runs until Scan is false; a json.Decoder loop that runs until More is
// false; a read whose error is compared with io.EOF on the branch where it
// is. A bounded copy into io.Discard (io.CopyN, or io.Copy of an
// io.LimitReader) is taken as a deliberate drain, and so is io.ReadAll of an
// io.LimitReader.
//
// Go 1.27 drains up to 256 KiB on Close by itself. With -drain=auto (the
// default) undrained closes are reported only in packages whose go.mod says
// a Go version below 1.27; -drain=always reports them everywhere and
// -drain=never not at all.
//
// # False positives
//
// The analyzer prefers silence to noise. It is silent about a response that
// is returned (alone, in a struct, as an interface), stored in a field, a
// global, a map, a slice or a channel (in a select, on the case that sends
// it), copied into the caller's (*out = *resp), captured by a goroutine or
// by a closure that escapes, or passed to a function that may keep it:
// whoever receives it owns it. An error value that carries the response for
// its status and header (&APIError{Resp: resp}) does not own it. It is
// silent on the path where the call's error is non-nil or the response is
// nil, and on paths that end in panic, os.Exit, log.Fatal or t.Fatal. HEAD
// requests (also through a wrapper that takes the method as a parameter),
// httptest.ResponseRecorder results and WebSocket handshake responses owe
// nothing. On the branch where StatusCode is 204 or 304, or ContentLength is
// 0, there is nothing to drain or hold. A body that http.ReadResponse read
// off a connection the caller manages, or that came through a transport
// without a pool built in the same function (an x/net/http2 transport, one
// with DisableKeepAlives, one used once and dropped), owes a close but no
// drain. Findings in generated files are skipped unless -generated is set.
// In _test.go files, a response the test never uses is not reported: the
// test expects the call to fail.
//
// A body read to EOF but never closed has already given its connection back
// to the pool, one whose own read failed has lost it already, and one from
// http.ReadResponse holds none: the missing close breaks only net/http's
// contract, and only -strict reports it.
//
// Helpers and wrappers, in this package or another, are followed through
// their summaries, which travel as facts. A summary gives, for each body a
// function is given or returns, the states it can be in when the function
// returns, path by path: a helper that reads the error body only when the
// status is bad (as an SDK's CheckResponse does) drains on those paths
// only, and a helper that closes the body exactly when it returns an error
// is told apart by the caller's check of that error. A wrapper that closes
// the body (or reads it, closes it and puts a copy in its place) before
// returning the response hands over nothing to close. A function that takes
// a response only to look at its status or header leaves the caller's
// obligation where it was. A method of an unexported interface is what the
// package's implementations of it do. Only code the analyzer cannot see (a
// method of an exported interface, a function value, a package it did not
// analyze) is assumed to keep what it is given; such code returning a
// response beside a []byte is taken to have read the body into it. A body passed as an io.Reader to such
// code is assumed to be read there, so no drain is owed after it, but the
// close still is. A read that fails owes no drain, and a loop that reads a
// body obtained before it consumes a stream: leaving the loop gives up on
// the rest on purpose.
//
// # Fixes
//
// A leak whose call is followed by `if err != nil { return ... }` gets a
// deferred close right after that check (not in loops, and not when the
// response is handed off on some path). An undrained close gets a bounded
// drain before it, io.CopyN(io.Discard, body, 256<<10): the amount Go 1.27
// reads on Close by itself, so a deferred drain of an endless stream still
// returns.
package respbody

// doc is the Analyzer's documentation: a summary line, then the package
// documentation's description.
const doc = `report response bodies that leak or waste their connection

A *http.Response owns a connection until its Body is closed. respbody reports
two kinds of mistake, each on some path through a function:

  unclosed:  the body is never closed and was not handed to anyone else,
             so the connection and two goroutines leak;
  undrained: the body is closed before it was read to EOF, so the HTTP/1.x
             connection cannot be reused (Go 1.26 and earlier).

Read the body (up to a bound) before closing it, e.g.

	defer func() {
		_, _ = io.CopyN(io.Discard, resp.Body, 256<<10)
		resp.Body.Close()
	}()

256 KiB is what Go 1.27 reads on Close by itself: the drain keeps every
connection the runtime would, and a deferred drain of an endless stream still
returns.

The -drain flag selects when undrained closes are reported: auto (default:
only in packages whose Go version is below go1.27, which drains up to 256 KiB
on Close by itself), always, or never.

The -strict flag also reports bodies that are never closed but hold nothing:
read to EOF (the connection is already back in the pool), whose read failed
(the transport dropped the connection), or read off a connection the caller
manages (http.ReadResponse). Findings in generated files (// Code generated
... DO NOT EDIT.) are reported only with -generated.

A 204 or 304 response, or one with ContentLength 0, on the branch that
checks it, owes no drain; nor does one from a transport without a pool built
in the same function (x/net/http2, DisableKeepAlives, used once and dropped).

respbody is silent where ownership moves: a response or body that is returned,
stored, sent, captured by a goroutine or an escaping closure, or passed to a
function that may keep it. It is silent on error paths and on paths that end in
panic, os.Exit, log.Fatal or t.Fatal. Helpers are followed path by path through
their summaries.`
