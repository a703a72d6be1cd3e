package bodycheck

import (
	"cmp"
	"io"
	"net/http"
	"slices"
	"sync"
)

// recorder holds the bodies one Transport handed out and the closes that
// came too early, until the test ends.
type recorder struct {
	mu       sync.Mutex
	seq      uint64
	open     map[*body]struct{}
	findings []finding
	done     bool
}

func newRecorder() *recorder {
	return &recorder{open: make(map[*body]struct{})}
}

// track wraps resp.Body, or returns nil if the test has ended and nothing
// can be reported any more.
func (r *recorder) track(req *http.Request, resp *http.Response, obtained []uintptr) *body {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return nil
	}
	r.seq++
	b := &body{
		rc:  resp.Body,
		rec: r,
		resp: response{
			seq:           r.seq,
			method:        req.Method,
			url:           req.URL.Redacted(),
			status:        resp.Status,
			contentLength: resp.ContentLength,
			obtained:      obtained,
		},
	}
	r.open[b] = struct{}{}
	return b
}

// closed records the first Close of b: a finding if it came before EOF
// with bytes left.
func (r *recorder) closed(b *body, early *finding) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return
	}
	delete(r.open, b)
	if early != nil {
		r.findings = append(r.findings, *early)
	}
}

// finish ends the recording and returns the findings, in the order the
// bodies were obtained: the early closes, and the bodies still open.
func (r *recorder) finish() []finding {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = true
	fs := r.findings
	for b := range r.open {
		fs = append(fs, b.unclosed())
	}
	r.open = nil
	r.findings = nil
	slices.SortFunc(fs, func(a, b finding) int { return cmp.Compare(a.resp.seq, b.resp.seq) })
	return fs
}

// body is a response body under watch. It counts what the caller read and
// remembers whether a Read saw EOF or failed; it never reads on its own.
type body struct {
	rc   io.ReadCloser
	rec  *recorder
	resp response

	mu      sync.Mutex
	n       int64 // bytes the caller read
	eof     bool  // a Read returned io.EOF
	readErr bool  // a Read failed before the body was closed
	closed  bool
}

// Read implements io.Reader.
func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	b.n += int64(n)
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && !b.closed:
		b.readErr = true
	}
	b.mu.Unlock()
	return n, err
}

// Close implements io.Closer. The first Close decides whether the body was
// closed early; it does so before closing, since from then on Reads fail.
func (b *body) Close() error {
	stack := callers(2)
	b.mu.Lock()
	first := !b.closed
	b.closed = true
	early := b.early(stack)
	b.mu.Unlock()
	err := b.rc.Close()
	if first {
		b.rec.closed(b, early)
	}
	return err
}

// early returns the finding for a Close at stack, or nil if nothing is
// left to read, nothing is owed, or net/http's Client closed the body
// itself. b.mu is held.
func (b *body) early(stack []uintptr) *finding {
	switch {
	case b.eof, b.readErr:
		return nil
	case b.resp.contentLength >= 0 && b.n >= b.resp.contentLength:
		return nil
	case closedByClient(stack):
		return nil
	}
	return &finding{kind: closedEarly, resp: b.resp, read: b.n, closedAt: stack}
}

// unclosed returns the finding for a body still open when the test ended.
func (b *body) unclosed() finding {
	b.mu.Lock()
	defer b.mu.Unlock()
	kind := neverClosed
	if b.eof {
		kind = readNotClosed
	}
	return finding{kind: kind, resp: b.resp, read: b.n}
}
