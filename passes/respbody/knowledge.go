package respbody

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file is respbody's knowledge of the standard library, kept as data:
// which functions read a body to EOF, which read only part of it, which wrap
// it in another reader, which never return. The engine consults these tables
// and nothing else about std. Functions are named by types.Func.FullName.
// RESEARCH.md §2 gives the measurements behind each entry.

// drainers read the argument at the given index (the receiver is index 0 of
// a method) until EOF, unless an error stops them.
var drainers = map[string]int{
	"io.ReadAll":                     0,
	"io/ioutil.ReadAll":              0,
	"io.Copy":                        1,
	"io.CopyBuffer":                  1,
	"(*bytes.Buffer).ReadFrom":       1,
	"(*bufio.Writer).ReadFrom":       1,
	"(*os.File).ReadFrom":            1,
	"(*bufio.Reader).WriteTo":        0,
	"(*encoding/csv.Reader).ReadAll": 0,
}

// boundedCopies copy at most n bytes from the argument at the given index to
// the writer at index 0. Into a discarding writer that is a deliberate,
// bounded drain (the idiom of net/http's redirect path and of client
// libraries); into anything else it is a partial read.
var boundedCopies = map[string]int{
	"io.CopyN": 1,
}

// discards are the package-level writers that throw bytes away.
var discards = map[string]bool{
	"io.Discard":        true,
	"io/ioutil.Discard": true,
}

// derivedReaders wrap the reader at the given index in another reader (or
// decoder, or scanner) without taking ownership: reading the result (its
// first result, where there are several) to EOF reads the body to EOF;
// closing it, where it can be closed, does not close the body.
var derivedReaders = map[string]struct {
	arg  int
	kind kind
}{
	"bufio.NewReader":                {0, kReader},
	"bufio.NewReaderSize":            {0, kReader},
	"bufio.NewScanner":               {0, kScanner},
	"encoding/json.NewDecoder":       {0, kDecoder},
	"encoding/xml.NewDecoder":        {0, kDecoder},
	"encoding/gob.NewDecoder":        {0, kReader},
	"encoding/csv.NewReader":         {0, kReader},
	"mime/multipart.NewReader":       {0, kReader},
	"net/textproto.NewReader":        {0, kReader},
	"io.LimitReader":                 {0, kReader},
	"io.TeeReader":                   {0, kReader},
	"io.NopCloser":                   {0, kReader},
	"io/ioutil.NopCloser":            {0, kReader},
	"compress/gzip.NewReader":        {0, kReader},
	"compress/zlib.NewReader":        {0, kReader},
	"compress/flate.NewReader":       {0, kReader},
	"compress/bzip2.NewReader":       {0, kReader},
	"encoding/base64.NewDecoder":     {1, kReader},
	"encoding/hex.NewDecoder":        {0, kReader},
	"mime/quotedprintable.NewReader": {0, kReader},
}

// partialReaders read from the argument at the given index but stop before
// EOF (a fixed amount, one value, one image). They are not a drain even
// though small bodies sometimes happen to reach EOF.
var partialReaders = map[string]int{
	"io.ReadFull":             0,
	"io.ReadAtLeast":          0,
	"encoding/binary.Read":    0,
	"image.Decode":            0,
	"image.DecodeConfig":      0,
	"image/png.Decode":        0,
	"image/png.DecodeConfig":  0,
	"image/jpeg.Decode":       0,
	"image/jpeg.DecodeConfig": 0,
	"image/gif.Decode":        0,
	"image/gif.DecodeConfig":  0,
	"archive/tar.NewReader":   0,
}

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

// observers look at a response without reading its body or keeping it.
var observerPackages = map[string]bool{
	"fmt":      true,
	"log":      true,
	"errors":   true,
	"log/slog": true,
}

// responseMethods of *http.Response that close the body after reading it
// to EOF; every other method of *http.Response only looks at the header.
var responseDrainClosers = map[string]bool{
	"(*net/http.Response).Write": true,
}

// noReturn functions end the goroutine or the process: a path through them
// owes nothing.
var noReturn = map[string]bool{
	"os.Exit":                   true,
	"runtime.Goexit":            true,
	"log.Fatal":                 true,
	"log.Fatalf":                true,
	"log.Fatalln":               true,
	"log.Panic":                 true,
	"log.Panicf":                true,
	"log.Panicln":               true,
	"(*log.Logger).Fatal":       true,
	"(*log.Logger).Fatalf":      true,
	"(*log.Logger).Fatalln":     true,
	"(*log.Logger).Panic":       true,
	"(*log.Logger).Panicf":      true,
	"(*log.Logger).Panicln":     true,
	"(*testing.common).FailNow": true,
	"(*testing.common).Fatal":   true,
	"(*testing.common).Fatalf":  true,
	"(*testing.common).SkipNow": true,
	"(*testing.common).Skip":    true,
	"(*testing.common).Skipf":   true,
	"(testing.TB).FailNow":      true,
	"(testing.TB).Fatal":        true,
	"(testing.TB).Fatalf":       true,
	"(testing.TB).SkipNow":      true,
	"(testing.TB).Skip":         true,
	"(testing.TB).Skipf":        true,
}

// headOnly produce responses to HEAD requests, which carry no body.
var headOnly = map[string]bool{
	"net/http.Head":           true,
	"(*net/http.Client).Head": true,
}

// notSources return a *http.Response that the caller does not own.
var notSources = map[string]bool{
	// A recorded response's body is an in-memory buffer.
	"(*net/http/httptest.ResponseRecorder).Result": true,
	// WebSocket handshakes: "the response body ... does not need to be
	// closed by the application" (gorilla), "you never need to close
	// resp.Body yourself" (coder, nhooyr).
	"(*github.com/gorilla/websocket.Dialer).Dial":        true,
	"(*github.com/gorilla/websocket.Dialer).DialContext": true,
	"github.com/gorilla/websocket.NewClient":             true,
	"github.com/coder/websocket.Dial":                    true,
	"nhooyr.io/websocket.Dial":                           true,
}

// unpooled produce responses read straight off a connection the caller
// manages: no transport pool waits for the body, so closing it unread
// wastes nothing (it must still be closed).
var unpooled = map[string]bool{
	"net/http.ReadResponse": true,
}

// http2Streams produce responses carried on an HTTP/2 stream: closing one
// unread resets only its stream (RST_STREAM) and the connection stays, so no
// drain is owed. It must still be closed: an open stream holds one of the
// connection's concurrent streams.
var http2Streams = map[string]bool{
	"(*golang.org/x/net/http2.ClientConn).RoundTrip":   true,
	"(*golang.org/x/net/http2.Transport).RoundTrip":    true,
	"(*golang.org/x/net/http2.Transport).RoundTripOpt": true,
}

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

// dumpResponse reads the whole body when its second argument is true, closes
// it and puts an in-memory copy in its place.
const dumpResponse = "net/http/httputil.DumpResponse"

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
