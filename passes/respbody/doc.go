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
// unclosed: the response body is never closed. On some path the response
// was obtained without error, and the function returns (or a loop obtains
// the next response, or a new body replaces it, as a reader over it whose
// Close does not close it: resp.Body = io.NopCloser(io.MultiReader(head,
// resp.Body))) while the body is neither closed nor handed to someone
// else. Unread, or read in part, the
// connection and its two goroutines leak until the request's context or
// the client's timeout ends them; read only up to a bound (io.LimitReader,
// io.CopyN), a longer body does the same; after a failed read the
// connection may stay held; read to EOF, net/http's Transport has given
// the connection back, but its contract requires the close and other
// RoundTrippers may hold resources until it. The message says which. Close
// the body on every path, typically with a deferred close right after the
// error check, or hand the response to code that closes it. A close
// deferred inside the loop that obtains the body is reported too: it runs
// only when the function returns, so every iteration's body stays open
// until then (N iterations hold N connections when unread); close it at the
// end of each iteration.
//
//	resp, err := http.Get(url) // respbody: resp.Body is not closed on the path that returns at line 6
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status)
//	}
//	defer resp.Body.Close()
//
// undrained: the response body is closed before it is read to EOF. On
// some path the body is closed (directly, by a deferred call or closure,
// through a method value or an io.Closer, or by a helper) before anything
// read it to EOF, so its HTTP/1.x connection cannot go back to the idle
// pool (Go 1.26 and earlier) and the next request dials a new one. Read the
// rest of the body, up to a bound, before closing it.
//
//	resp, err := http.Get(url)
//	if err != nil {
//		return err
//	}
//	defer resp.Body.Close() // respbody: resp.Body is closed by this deferred call before it is read to EOF
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
// io.LimitReader) is taken as a deliberate drain before a close, and so is
// io.ReadAll of an io.LimitReader; but not as a read to EOF: a body longer
// than the bound is neither at EOF nor closed, so one never closed is
// reported. io.ReadFull, io.ReadAtLeast and io.CopyN into another writer
// read part of the body. http.MaxBytesReader fails a read past its bound
// instead of stopping there: read through it without error, a body is at
// EOF; with an error, it is a failed read.
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
// whoever receives it owns it. One exception is followed, where the
// receiver is known: a goroutine that sends a response on a channel only
// the function that started it receives from (made there, used for nothing
// else, the goroutine started outside any loop and sending outside any
// select): a path of that function that returns without receiving (a
// select that gave up on a timeout) leaves the body unclosed, and is
// reported at the go statement. An error value that carries the response for
// its status and header (&APIError{Resp: resp}) does not own it. It is
// silent on the path where the call's error is non-nil or the response is
// nil, and on paths that end in panic, os.Exit, log.Fatal or t.Fatal. A
// sentinel error is not nil: a package variable of type error declared with
// a value (errors.New(...)) and never assigned again, or another package's
// exported Err... variable; returning one takes the function's failing
// paths, where a close deferred on a non-nil error runs. HEAD
// requests (also through a wrapper that takes the method as a parameter),
// httptest.ResponseRecorder results and WebSocket handshake responses owe
// nothing. On the branch where StatusCode is 204 or 304, or ContentLength is
// 0, there is nothing to drain or hold (net/http's body is then
// http.NoBody, whose Close does nothing; only -strict reports one left
// unclosed there). A body that http.ReadResponse read off a connection the
// caller manages, or that came through a transport whose pool no later
// request uses, built in the same function (an x/net/http2 transport, one
// with DisableKeepAlives, one used once and dropped), or for a request that
// asks for no keep-alive (req.Close = true, or a constant Connection: close
// header set before Client.Do or Transport.RoundTrip, in the same function
// or by a helper of the package that builds or is given the request), owes
// a close but no drain. A dropped transport keeps its idle connections,
// and their goroutines, until the server closes them: the message of a body
// from one that is never closed says so. Findings in generated files are skipped unless -generated is set.
// In _test.go files, a response the test never uses is not reported: the
// test expects the call to fail.
//
// Every body never closed is reported, whatever was read of it: net/http's
// documentation requires the close, and other RoundTrippers (HTTP/3,
// custom ones, test doubles) may hold resources until it. The message says
// what is true: read to EOF, net/http's Transport already gave the
// connection back; read up to a bound, a longer body keeps it; after a
// failed read it may stay held (a decoding error of net/http's transparent
// gzip does not reach the connection). -strict also reports the bodies left
// unclosed that hold nothing at all: on the paths where the response has no
// body, and those http.ReadResponse read off a connection the caller
// manages.
//
// A value of a type that keeps the body (or the response) in a named field
// and has its own Close, but no Read (an SDK's stream: type Stream
// struct{ rc io.ReadCloser }), stands for the body: it is owed its Close,
// which drains the body or not as the type decides, so it has no undrained
// finding of its own.
//
// Helpers and wrappers, in this package or another, are followed through
// their summaries, which travel as facts. A summary gives, for each body a
// function is given or returns, the states it can be in when the function
// returns, path by path: a helper that reads the error body only when the
// status is bad (as an SDK's CheckResponse does) drains on those paths
// only, and a helper that closes the body exactly when it returns an error
// is told apart by the caller's check of that error. Summaries also carry
// the statuses a response can have on each class of return, as the
// function's own tests of resp.StatusCode against constants tell: a
// caller that tests the status before the error (if resp.StatusCode == 404)
// is then known to be on the path where the helper returned an error, and
// read the body, for every status the helper does not accept. A wrapper
// that closes the body (or reads it, closes it and puts a copy in its
// place) before returning the response hands over nothing to close. A function that takes
// a response only to look at its status or header leaves the caller's
// obligation where it was. The method value resp.Body.Close closes the
// body when it is called: a helper (of this package, or of another by its
// summary) that calls the func() error it is given on every path, or
// defers the call, closes the body at the call, so defer
// closeQuietly(resp.Body.Close) closes it at the exit; one that may keep
// the function (closers = append(closers, f)) or not call it takes the
// body over. A method of an unexported interface is what the
// package's implementations of it do, outside its _test.go files (a test's
// fake does not stand for the real client). Only code the analyzer cannot see (a
// method of an exported interface, a function value, a package it did not
// analyze) is assumed to keep what it is given; such code returning a
// response beside a []byte is taken to have read the body into it. A body passed as an io.Reader to such
// code is assumed to be read there, so no drain is owed after it, but the
// close still is. A read that fails owes no drain, and a loop that reads a
// body obtained before it consumes a stream: leaving the loop gives up on
// the rest on purpose.
// A range-over-func loop is followed like any loop: its body runs any
// number of times, and what it does to a response from outside (a read, a
// close, a return or break that leaves the loop) happens there; the loop
// costs nothing for the bodies it does not touch.
// A generic function that can only give back the value it is given (one
// parameter of a type parameter T without methods, no other parameter
// mentions T, the result T beside at most an error or a bool: Must[T
// any](v T, err error) T, lo.Must) returns that response, owed the same,
// even where its code is not analyzed.
// A helper with a bool result that closes the body exactly when it returns
// true (a retry check) is told apart by the caller's branch on that result,
// right after the call or its error check.
//
// # Fixes
//
// A leak whose call is followed by `if err != nil { return ... }` gets a
// deferred close right after that check (not in loops, and not when the
// response is handed off on some path). An undrained close gets a bounded
// drain before it, io.CopyN(io.Discard, body, 256<<10): the amount Go 1.27
// reads on Close by itself, so a deferred drain of an endless stream still
// returns.
// The fix for a body that leaks on one path and is closed unread on another
// is one deferred drain-and-close, in place of the unread closes. A close
// deferred inside the loop that obtains the body moves to the end of the
// iteration, when nothing after it leaves the iteration early or assigns
// the variable.
//
// # Suppression
//
// A finding that is deliberate can be silenced where it is reported, with
// either of two directives, under every driver (the respbody command, go vet
// -vettool, go fix -fixtool, golangci-lint, nogo):
//
//	resp, err := c.Do(req) //nolint:respbody // the endpoint answers 204 only
//
//	//lint:ignore respbody the endpoint answers 204 only
//	resp, err := c.Do(req)
//
// //nolint:respbody is golangci-lint's directive, read with golangci-lint's
// rules: it also takes a list (//nolint:errcheck,respbody), //nolint:all or
// a bare //nolint; the explanation after a second // is optional; it
// covers the lines of its comment and, when the comment ends on the line
// before a statement or declaration that starts in the same column, all of
// it (above a function, the whole function). Under golangci-lint,
// golangci-lint applies it itself (-nolint=false here), so that its
// nolintlint sees which directives are used.
//
// //lint:ignore respbody reason is staticcheck's: it covers the statement
// the comment ends or precedes, on its first line, and the reason is
// required (without one the directive is ignored, and the finding says
// so). //lint:file-ignore respbody reason covers its whole file.
//
// # Coming from bodyclose
//
// bodyclose's //bodyclose:handled, on its own line in a function's doc
// comment, is honoured as the author's word: callers of the function owe
// nothing for the responses it returns, in its package and in every
// importer. respbody needs no directive where the function does close or
// replace the body (its summary already says callers owe nothing); where
// the function returns the body open, the directive contradicts the code,
// and respbody reports that once, at the function, instead of at each
// caller.
//
// With -bodyclose-nolint (off by default), a //nolint that names bodyclose
// (//nolint:bodyclose, //nolint:errcheck,bodyclose) also silences the
// unclosed findings it covers, read as //nolint:respbody is; the count of
// findings it silenced is printed, for cleaning up later. Undrained
// findings, a rule bodyclose does not have, stay.
//
// # What respbody knows of the standard library
//
// Besides what it computes for the code it analyzes, respbody knows these
// functions (and a few of well-known modules).
//
// Read their argument to EOF: io.ReadAll, ioutil.ReadAll, io.Copy,
// io.CopyBuffer, bytes.Buffer.ReadFrom, bufio.Writer.ReadFrom,
// os.File.ReadFrom, bufio.Reader.WriteTo and csv.Reader.ReadAll; io.CopyN
// when it copies into io.Discard (into anything else it reads part);
// httputil.DumpResponse with true, which also closes the body and puts a
// copy in its place (with false it looks at the header only); and
// http.Response.Write, which closes it too.
//
// Wrap their argument, so that reading the result to EOF reads the body to
// EOF and closing the result does not close the body: bufio.NewReader,
// NewReaderSize and NewScanner; json.NewDecoder, xml.NewDecoder,
// gob.NewDecoder, csv.NewReader, multipart.NewReader, textproto.NewReader;
// io.LimitReader (a bounded read), io.TeeReader, io.MultiReader,
// io.NopCloser and ioutil.NopCloser; gzip.NewReader, zlib.NewReader,
// flate.NewReader, bzip2.NewReader, base64.NewDecoder, hex.NewDecoder and
// quotedprintable.NewReader. A loop that runs until bufio.Scanner.Scan or
// json.Decoder.More is false has read its input to EOF.
//
// Read part of their argument: io.ReadFull and ReadAtLeast, binary.Read,
// image.Decode and DecodeConfig, png.Decode and DecodeConfig, jpeg.Decode
// and DecodeConfig, gif.Decode and DecodeConfig, tar.NewReader.
//
// Return a response that owes nothing: http.Head and http.Client.Head (no
// body); httptest.ResponseRecorder.Result (a buffer); the WebSocket
// handshakes websocket.Dialer.Dial, DialContext and websocket.NewClient
// (gorilla), and websocket.Dial (coder, nhooyr).
//
// Return a response whose body was read to EOF, closed and replaced by a
// buffer, which holds nothing (reported never closed only with -strict):
// the Azure SDK's pipeline (azcore's exported.Pipeline.Do, which
// runtime.Pipeline names), for a request not marked with
// runtime.SkipBodyDownload, as the request's origin tells (runtime.NewRequest
// in the function, or a function that returns it, across packages).
//
// Return a response that owes a close but no drain: http.ReadResponse (off
// a connection the caller manages), and the x/net/http2 transports'
// http2.ClientConn.RoundTrip, http2.Transport.RoundTrip and RoundTripOpt (an
// unread close resets only the stream).
//
// Return a non-nil error: errors.New and fmt.Errorf (and errors.Errorf of
// github.com/pkg/errors). Report true only for a non-nil error: errors.Is
// and errors.As (also those of github.com/pkg/errors and
// golang.org/x/xerrors: xerrors.Is, xerrors.As).
//
// Never return: os.Exit, runtime.Goexit; log.Fatal, Fatalf, Fatalln, Panic,
// Panicf and Panicln, and the same methods log.Logger.Fatal, Fatalf,
// Fatalln, Panic, Panicf and Panicln; t.Fatal and its kin on *testing.T and
// *testing.B (testing.common.FailNow, Fatal, Fatalf, SkipNow, Skip and
// Skipf) and on testing.TB (testing.TB.FailNow, Fatal, Fatalf, SkipNow, Skip
// and Skipf).
package respbody
