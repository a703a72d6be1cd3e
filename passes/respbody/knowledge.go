package respbody

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file is respbody's knowledge of the standard library (and of a few
// well-known modules), kept as data in the same terms as the summaries the
// analysis computes for user code: each entry is the Summary of one function,
// named by types.Func.FullName of its origin. lookup.go consults the hooks,
// then this table, before anything else. Adding a function is one line.

var knowledge = map[string]*Summary{
	// Read the argument to EOF, unless an error stops them. Given a
	// bounded reader over the body (io.LimitReader), they read it up to the
	// bound only: a deliberate drain, not EOF (see applyParam).
	"io.ReadAll":                     drains(0),
	"io/ioutil.ReadAll":              drains(0),
	"io.Copy":                        drains(1),
	"io.CopyBuffer":                  drains(1),
	"(*bytes.Buffer).ReadFrom":       drains(1),
	"(*bufio.Writer).ReadFrom":       drains(1),
	"(*os.File).ReadFrom":            drains(1),
	"(*bufio.Reader).WriteTo":        drains(0),
	"(*encoding/csv.Reader).ReadAll": drains(0),

	// Wrap the argument in another reader (or decoder, or scanner) without
	// taking it over: reading the result to EOF reads the argument to EOF;
	// closing the result, where it can be closed, does not close it.
	"bufio.NewReader":                derives(0, kReader),
	"bufio.NewReaderSize":            derives(0, kReader),
	"bufio.NewScanner":               derives(0, kScanner),
	"encoding/json.NewDecoder":       derives(0, kDecoder),
	"encoding/xml.NewDecoder":        derives(0, kDecoder),
	"encoding/gob.NewDecoder":        derives(0, kReader),
	"encoding/csv.NewReader":         derives(0, kReader),
	"mime/multipart.NewReader":       derives(0, kReader),
	"net/textproto.NewReader":        derives(0, kReader),
	"io.LimitReader":                 derives(0, kBounded),
	"io.TeeReader":                   derives(0, kReader),
	"io.MultiReader":                 derives(0, kReader),
	"io.NopCloser":                   derives(0, kReader),
	"io/ioutil.NopCloser":            derives(0, kReader),
	"compress/gzip.NewReader":        derives(0, kReader),
	"compress/zlib.NewReader":        derives(0, kReader),
	"compress/flate.NewReader":       derives(0, kReader),
	"compress/bzip2.NewReader":       derives(0, kReader),
	"encoding/base64.NewDecoder":     derives(1, kReader),
	"encoding/hex.NewDecoder":        derives(0, kReader),
	"mime/quotedprintable.NewReader": derives(0, kReader),

	// Return the argument itself, bounded: http.MaxBytesReader's Close
	// closes the body, and a read past n fails (*http.MaxBytesError)
	// rather than stopping at the bound, so a read of it to EOF without
	// error did reach the body's EOF, and one that failed is a failed
	// read, which may hold the connection.
	"net/http.MaxBytesReader": passes(1),

	// Read part of the argument and stop before EOF (a fixed amount, one
	// value, one image): not a drain, though small bodies sometimes happen
	// to reach EOF.
	"io.ReadFull":             readsPart(0),
	"io.ReadAtLeast":          readsPart(0),
	"encoding/binary.Read":    readsPart(0),
	"image.Decode":            readsPart(0),
	"image.DecodeConfig":      readsPart(0),
	"image/png.Decode":        readsPart(0),
	"image/png.DecodeConfig":  readsPart(0),
	"image/jpeg.Decode":       readsPart(0),
	"image/jpeg.DecodeConfig": readsPart(0),
	"image/gif.Decode":        readsPart(0),
	"image/gif.DecodeConfig":  readsPart(0),
	"archive/tar.NewReader":   readsPart(0),

	// Read the response's body to EOF and close it.
	"(*net/http.Response).Write": closesAfterRead(0),

	// Responses the caller owes nothing for: HEAD responses have no body;
	// a recorded response's body is a buffer; WebSocket handshakes: "the
	// response body ... does not need to be closed by the application"
	// (gorilla), "you never need to close resp.Body yourself" (coder,
	// nhooyr).
	"net/http.Head":                                      freshOwing(sNone),
	"(*net/http.Client).Head":                            freshOwing(sNone),
	"(*net/http/httptest.ResponseRecorder).Result":       notOwned,
	"(*github.com/gorilla/websocket.Dialer).Dial":        notOwned,
	"(*github.com/gorilla/websocket.Dialer).DialContext": notOwned,
	"github.com/gorilla/websocket.NewClient":             notOwned,
	"github.com/coder/websocket.Dial":                    notOwned,
	"nhooyr.io/websocket.Dial":                           notOwned,

	// Responses that owe a close but no drain. ReadResponse reads off a
	// connection the caller manages: no pool waits for the body, and
	// leaving it open holds nothing. On an HTTP/2 stream an unread close
	// resets only the stream (RST_STREAM) and the connection stays; left
	// open, the stream is held.
	"net/http.ReadResponse":                            freshOwing(sEmpty),
	"(*golang.org/x/net/http2.ClientConn).RoundTrip":   freshOwing(sHeld),
	"(*golang.org/x/net/http2.Transport).RoundTrip":    freshOwing(sHeld),
	"(*golang.org/x/net/http2.Transport).RoundTripOpt": freshOwing(sHeld),

	// Return a new, non-nil error.
	"errors.New":                   fails,
	"fmt.Errorf":                   fails,
	"github.com/pkg/errors.New":    fails,
	"github.com/pkg/errors.Errorf": fails,

	// End the goroutine or the process: a path through them owes nothing.
	"os.Exit":                   noReturns,
	"runtime.Goexit":            noReturns,
	"log.Fatal":                 noReturns,
	"log.Fatalf":                noReturns,
	"log.Fatalln":               noReturns,
	"log.Panic":                 noReturns,
	"log.Panicf":                noReturns,
	"log.Panicln":               noReturns,
	"(*log.Logger).Fatal":       noReturns,
	"(*log.Logger).Fatalf":      noReturns,
	"(*log.Logger).Fatalln":     noReturns,
	"(*log.Logger).Panic":       noReturns,
	"(*log.Logger).Panicf":      noReturns,
	"(*log.Logger).Panicln":     noReturns,
	"(*testing.common).FailNow": noReturns,
	"(*testing.common).Fatal":   noReturns,
	"(*testing.common).Fatalf":  noReturns,
	"(*testing.common).SkipNow": noReturns,
	"(*testing.common).Skip":    noReturns,
	"(*testing.common).Skipf":   noReturns,
	"(testing.TB).FailNow":      noReturns,
	"(testing.TB).Fatal":        noReturns,
	"(testing.TB).Fatalf":       noReturns,
	"(testing.TB).SkipNow":      noReturns,
	"(testing.TB).Skip":         noReturns,
	"(testing.TB).Skipf":        noReturns,
}

// hooks are the functions whose effect depends on an argument: the hook
// returns the summary of one call, or nil to leave it to the rest of the
// lookup (the table below, facts).
var hooks = map[string]func(c *checker, args []ssa.Value) *Summary{
	// A bounded copy into a discarding writer is a deliberate drain (the
	// idiom of net/http's redirect path and of client libraries), though
	// not a read to EOF: a longer body is left unread. Into anything else
	// it reads part of the body.
	"io.CopyN": func(_ *checker, args []ssa.Value) *Summary {
		if len(args) > 0 && isDiscard(args[0]) {
			return drainsBounded(1)
		}
		return readsPart(1)
	},
	// DumpResponse(resp, true) reads the whole body, closes it and puts an
	// in-memory copy in its place; with false it looks at the header only.
	"net/http/httputil.DumpResponse": func(_ *checker, args []ssa.Value) *Summary {
		if len(args) > 1 && isConstTrue(args[1]) {
			return closesAfterRead(0)
		}
		return observes
	},
	// The Azure SDK's pipeline: see azure.go.
	azPipelineDo: (*checker).azureDo,
}

// observerPackages look at what they are given (print it, format it)
// without reading a body or keeping it, but for their keepers.
var observerPackages = map[string]bool{
	"fmt":      true,
	"log":      true,
	"errors":   true,
	"log/slog": true,
}

// keepers are the functions of observerPackages that keep what they are
// given (a logger's attributes, joined errors): they are not observers,
// and what they take is taken, as by any callee without a summary.
// (fmt.Errorf, which may wrap with %w, has its own entry in knowledge.)
var keepers = map[string]bool{
	"log/slog.Group":          true,
	"log/slog.With":           true,
	"(*log/slog.Logger).With": true,
	"errors.Join":             true,
}

// httpSummary is the summary of a function of net/http that has no entry:
// every response it returns is the caller's, open where its error is nil,
// and it only looks at the responses it is given. A reader it is given
// becomes a request body, which the request owns.
func httpSummary(sig *types.Signature) *Summary {
	s := &Summary{}
	hasErr := sig.Results().Len() > 0 && isError(sig.Results().At(sig.Results().Len()-1).Type())
	for i := 0; i < sig.Results().Len(); i++ {
		if isResponsePtr(sig.Results().At(i).Type()) {
			for len(s.Results) <= i {
				s.Results = append(s.Results, Result{})
			}
			s.Results[i] = Result{Kind: Fresh, Owes: openUnlessErr(hasErr)}
		}
	}
	recv := 0
	if sig.Recv() != nil {
		recv = 1
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if bodyLike(sig.Params().At(i).Type()) {
			for len(s.Params) <= i+recv {
				s.Params = append(s.Params, Param{})
			}
			s.Params[i+recv] = Param{Exits: both(sEscaped)}
		}
	}
	return s
}

// openUnlessErr is what a response obtained from the network owes: a close
// and a drain, except where the call's error is not nil (then there is no
// response, or net/http already closed it).
func openUnlessErr(hasErr bool) [2]state {
	if hasErr {
		return [2]state{okExit: sOpen, errExit: sNone}
	}
	return both(sOpen)
}

// Constructors of the entries.

var (
	// observes looks at its arguments and returns nothing owned.
	observes = &Summary{}
	// notOwned returns responses the caller owes nothing for.
	notOwned = &Summary{}
	// noReturns never returns.
	noReturns = &Summary{NoReturn: true}
	// fails returns a non-nil error.
	fails = &Summary{Fails: true}
)

func both(s state) [2]state { return [2]state{s, s} }

// paramEffect returns a summary whose parameter i is p.
func paramEffect(i int, p Param) *Summary {
	s := &Summary{Params: make([]Param, i+1)}
	s.Params[i] = p
	return s
}

// drains reads parameter i to EOF.
func drains(i int) *Summary { return paramEffect(i, Param{Exits: both(sRead)}) }

// passes returns parameter i itself.
func passes(i int) *Summary {
	return &Summary{Results: []Result{{Kind: Passed, Param: i}}}
}

// drainsBounded reads parameter i up to a bound: a deliberate drain, not a
// read to EOF.
func drainsBounded(i int) *Summary { return paramEffect(i, Param{Exits: both(sBounded)}) }

// readsPart reads part of parameter i.
func readsPart(i int) *Summary { return paramEffect(i, Param{Partial: true}) }

// closesAfterRead reads the body in parameter i to EOF and closes it.
func closesAfterRead(i int) *Summary { return paramEffect(i, Param{Exits: both(sClosed)}) }

// derives returns a reader of kind k over parameter i.
func derives(i int, k kind) *Summary {
	return &Summary{Results: []Result{{Kind: Reader, Param: i, ReaderKind: k}}}
}

// freshOwing returns a response whose receiver owes what s says (nothing
// where the call's error is not nil).
func freshOwing(s state) *Summary {
	return &Summary{Results: []Result{{Kind: Fresh, Owes: [2]state{okExit: s, errExit: sNone}}}}
}

// Knowledge of branches: what a condition tells about a body.

// exhausted names, for methods of derived readers, the boolean result that
// reports the end of input when it is false: a loop that runs until then has
// read the body to EOF.
var exhausted = map[string]bool{
	"(*bufio.Scanner).Scan":         true,
	"(*encoding/json.Decoder).More": true,
}

// errorIs and errorAs report true only for a non-nil error (given a
// non-nil target): on that branch the call that returned it failed.
var errorIs = map[string]bool{
	"errors.Is":                true,
	"errors.As":                true,
	"github.com/pkg/errors.Is": true,
	"github.com/pkg/errors.As": true,
	"golang.org/x/xerrors.Is":  true,
	"golang.org/x/xerrors.As":  true,
}

// Knowledge of failures: what a read's error says.

// readOnlyFailures fail only when reading their source fails: where the
// source is a response body, its read failed (the connection may be gone,
// or held until the close: see sFailed).
var readOnlyFailures = map[string]bool{
	"io.ReadAll":               true,
	"io/ioutil.ReadAll":        true,
	"(*bytes.Buffer).ReadFrom": true,
}

// copiers copy their argument 1 into their argument 0: into io.Discard
// they fail only when reading fails.
var copiers = map[string]bool{
	"io.Copy":       true,
	"io.CopyBuffer": true,
	"io.CopyN":      true,
}

// Knowledge of requests: which method a request has.

// requestCopies return a copy of their receiver, same method and all.
var requestCopies = map[string]bool{
	"(*net/http.Request).WithContext": true,
	"(*net/http.Request).Clone":       true,
}

// requestMakers build a request; the argument at the given index is the
// method.
var requestMakers = map[string]int{
	"net/http.NewRequest":            0,
	"net/http.NewRequestWithContext": 1,
}

// funcKey names a function for the tables: types.Func.FullName of its
// origin, so that instantiations of a generic function share a name.
func funcKey(fn *ssa.Function) string {
	if obj := declared(fn); obj != nil {
		return obj.Origin().FullName()
	}
	return ""
}

// declared returns the function or method fn was declared as, or nil (for
// nil, function literals and the wrappers SSA synthesizes).
func declared(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// funcPkgPath is the import path of the package that declares fn, or "".
// It reads the declaring object, not fn.Pkg: a method of a package that
// SSA did not create (one the analyzed package does not import by name)
// has no Pkg.
func funcPkgPath(fn *ssa.Function) string {
	if obj := declared(fn); obj != nil && obj.Pkg() != nil {
		return obj.Pkg().Path()
	}
	if fn.Pkg != nil {
		return fn.Pkg.Pkg.Path()
	}
	return ""
}
