// Package model checks what respbody believes a call does with a response,
// for helpers and wrappers of the same package: a summary gives the states a
// body can be in at the function's exits, by path, not a union of effects.
package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Client is an SDK client.
type Client struct{ hc *http.Client }

// --- A callee that closes (or reads, closes and swaps the body), then
// returns the response: the caller owes nothing.

// doJSON decodes the body, closes it, and returns the response for its
// status and header.
func (c *Client) doJSON(req *http.Request, v any) (*http.Response, error) { // want doJSON:`results\(0:fresh:none\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, err
	}
	return resp, json.Unmarshal(b, v)
}

func usesDoJSON(c *Client, req *http.Request) (int, error) {
	var v map[string]any
	resp, err := c.doJSON(req, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func retriesDoJSON(c *Client, req *http.Request) bool {
	for i := 0; i < 3; i++ {
		resp, err := c.doJSON(req, nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			return true
		}
	}
	return false
}

// buffered reads the body, closes it and puts an in-memory copy in its
// place.
func (c *Client) buffered(req *http.Request) (*http.Response, error) { // want buffered:`results\(0:fresh:none\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func usesBuffered(c *Client, req *http.Request, v any) error {
	resp, err := c.buffered(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// swapsUnread puts a new body in place of one it never read or closed: the
// old body leaks.
func swapsUnread(c *Client, req *http.Request) (*http.Response, error) {
	resp, err := c.hc.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(nil))
	return resp, nil
}

// A wrapper that returns the response open is a source, as before.
func (c *Client) open(req *http.Request) (*http.Response, error) { // want open:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	return resp, nil
}

func usesOpenLeaks(c *Client, req *http.Request) (int, error) {
	resp, err := c.open(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func retriesOpenLeaks(c *Client, req *http.Request) bool {
	for i := 0; i < 3; i++ {
		resp, err := c.open(req) // want `before the next call in the loop replaces it`
		if err == nil && resp.StatusCode == http.StatusOK {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return true
		}
	}
	return false
}

// --- A function that returns the response on one path and closes it
// unread on another: the return does not excuse the close.

// APIError is an error that carries the response, for its status and
// header: an error does not take over the body.
type APIError struct {
	Resp *http.Response
	Body []byte
}

func (e *APIError) Error() string { return e.Resp.Status }

func NewError(resp *http.Response) error { // want NewError:`fails`
	return &APIError{Resp: resp}
}

func (c *Client) get(req *http.Request) (*http.Response, error) { // want get:`results\(0:fresh:\{ok:open err:none\}\[status ok:open@200 err:none@any\]\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return nil, NewError(resp)
}

func (c *Client) getDrained(req *http.Request) (*http.Response, error) { // want getDrained:`results\(0:fresh:\{ok:open err:none\}\[status ok:open@200 err:none@any\]\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return nil, &APIError{Resp: resp, Body: b}
}

// An error that holds the response does not own it.
func leaksIntoError(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	return NewError(resp)
}

// --- A helper that reads only on some paths (the error body, as an SDK's
// CheckResponse does) does not count as a drain on the others.

func CheckResponse(resp *http.Response) error { // want CheckResponse:`params\(0:\{ok:open err:read\}\[status \{ok:0-399 err:400\+\}\]\)`
	if resp.StatusCode < 400 {
		return nil
	}
	b, _ := io.ReadAll(resp.Body)
	return &APIError{Resp: resp, Body: b}
}

func usesCheck(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	if err := CheckResponse(resp); err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func usesCheckDrains(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := CheckResponse(resp); err != nil {
		return err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// The message does not claim the body was read to EOF: on the path that
// returns nil, nothing read it.
func leaksAfterCheck(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want `resp.Body is not closed on the paths that return at lines 217, 219: the connection and its goroutines leak`
	if err != nil {
		return err
	}
	if err := CheckResponse(resp); err != nil {
		return err
	}
	return nil
}

// MaybeDrain drains on one path, with nothing to tell the caller which.
func MaybeDrain(resp *http.Response) { // want MaybeDrain:`params\(0:open\|read\)`
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
	}
}

func usesMaybeDrain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	MaybeDrain(resp)
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

// DrainAll drains on every path.
func DrainAll(resp *http.Response) { // want DrainAll:`params\(0:read\)`
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return
	}
	io.ReadAll(resp.Body)
}

func usesDrainAll(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	DrainAll(resp)
	resp.Body.Close()
}

// CloseOnError closes the body exactly when it returns an error: the
// caller's check of that error tells the paths apart.
func CloseOnError(resp *http.Response) error { // want CloseOnError:`params\(0:\{ok:open err:closed\}\[status \{ok:0-399 err:400\+\}\]\)`
	if resp.StatusCode >= 400 {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

func usesCloseOnError(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if err := CloseOnError(resp); err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func usesCloseOnErrorLeaks(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 287`
	if err != nil {
		return err
	}
	if err := CloseOnError(resp); err != nil {
		return err
	}
	return nil
}

// CloseIfBad closes on one path; nothing tells the caller which.
func CloseIfBad(resp *http.Response) { // want CloseIfBad:`params\(0:open\|closed\)`
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func usesCloseIfBad(u string) int {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return 0
	}
	CloseIfBad(resp)
	return resp.StatusCode
}

// --- A response returned together with an error on some paths, and none
// on others: callers follow http.Client.Do's convention (where the error
// is not nil, there is nothing to close) and owe nothing there.

func (c *Client) send(req *http.Request) (*http.Response, error) { // want send:`results\(0:fresh:\{ok:open err:none\|open\}\[status ok:open@0-399 err:none@any err:open@400\+\]\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		return resp, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

func usesSendReturnsOnError(c *Client, req *http.Request) error {
	resp, err := c.send(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func usesSendClosesOnError(c *Client, req *http.Request) error {
	resp, err := c.send(req)
	if err != nil {
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// passes returns what Do returned: where its error is not nil, there is no
// response.
func (c *Client) passes(req *http.Request) (*http.Response, error) { // want passes:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	return resp, err
}

// --- Interface methods and function values that return the body already
// read, beside the response, owe nothing.

// API is a client whose Call returns the body it read.
type API interface {
	Call(req *http.Request) (*http.Response, []byte, error)
}

func usesAPI(a API, req *http.Request) (int, error) {
	resp, body, err := a.Call(req)
	if err != nil {
		return 0, err
	}
	_ = body
	return resp.StatusCode, nil
}

func usesFuncValue(call func(*http.Request) (*http.Response, []byte, error), req *http.Request) int {
	resp, _, err := call(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// Doer returns the response open.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

func usesDoer(d Doer, req *http.Request) (int, error) {
	resp, err := d.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// --- A reader wrapper of this package: reading through it reads the body.

type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func LimitReader(r io.Reader, n int64) io.Reader { // want LimitReader:`results\(0:reader\(param0\)\)`
	return &limitedReader{r: r, n: n}
}

func LimitStd(r io.Reader, n int64) io.Reader { // want LimitStd:`results\(0:reader\(param0\)\)`
	return io.LimitReader(r, n)
}

func drainsThroughWrapper(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	io.Copy(io.Discard, LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

func drainsThroughStdWrapper(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	io.Copy(io.Discard, LimitStd(resp.Body, 1<<20))
	resp.Body.Close()
}

func readsPartThroughWrapper(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	buf := make([]byte, 16)
	LimitReader(resp.Body, 16).Read(buf)
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

func wrapperLeaks(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	_, err = LimitReader(resp.Body, 16).Read(b)
	return b, err
}

// --- A helper that returns another helper's error keeps its split.

func requireCodes(resp *http.Response, codes ...int) error {
	for _, c := range codes {
		if resp.StatusCode == c {
			return nil
		}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return &APIError{Resp: resp}
}

// RequireOK returns what requireCodes returns.
func RequireOK(resp *http.Response) error { // want RequireOK:`params\(0:\{ok:open err:closed\}\)`
	return requireCodes(resp, http.StatusOK)
}

func usesRequireOK(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if err := RequireOK(resp); err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func requireOKLeaks(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want `resp.Body is not closed on the path that returns at line 494`
	if err != nil {
		return err
	}
	if err := RequireOK(resp); err != nil {
		return err
	}
	return nil
}

// HandleError always returns an error: where it returned nil, no path goes.
func HandleError(resp *http.Response) error { // want HandleError:`params\(0:closed\) fails`
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Errorf("status %d: %s", resp.StatusCode, b)
}

func usesHandleError(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		if err := HandleError(resp); err != nil {
			return err
		}
		return nil
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// --- Values that arrive together at a return are seen together: where
// follow returns the error of its recursive call, the response is that
// call's, not the one closed here.

func (c *Client) follow(req *http.Request, hops int) (*http.Response, error) { // want follow:`results\(0:fresh:\{ok:none\|open err:none\}\)`
	resp, err := c.hc.Transport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if hops > 0 && resp.StatusCode == http.StatusMovedPermanently {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		resp, err = c.follow(req, hops-1)
	}
	return resp, err
}

func usesFollow(c *Client, req *http.Request) (int, error) {
	resp, err := c.follow(req, 3)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

func followLeaks(c *Client, req *http.Request) (int, error) {
	resp, err := c.follow(req, 3) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// --- A body wrapped in place stays the response's body.

type countingBody struct {
	io.ReadCloser
	n int
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += n
	return n, err
}

func rewraps(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func rewrapLeaks(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body}
	b := make([]byte, 8)
	_, err = resp.Body.Read(b)
	return b, err
}

// RawResponse hands the body to the caller inside a struct value.
type RawResponse struct {
	io.ReadCloser
	Status int
}

func (c *Client) raw(req *http.Request) (out RawResponse, err error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return out, err
	}
	out.ReadCloser = resp.Body
	out.Status = resp.StatusCode
	return out, nil
}

// --- A method of an unexported interface of this package is what the
// package's implementations of it do.

type apiClient interface {
	Do(req *http.Request, into any) (*http.Response, error)
}

type apiClientImpl struct{ hc *http.Client }

func (a *apiClientImpl) Do(req *http.Request, into any) (*http.Response, error) { // want Do:`results\(0:fresh:none\)`
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, err
	}
	return resp, json.Unmarshal(b, into)
}

func usesAPIClient(c apiClient, req *http.Request) (int, error) {
	var v map[string]any
	resp, err := c.Do(req, &v)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

type opener interface {
	Open(req *http.Request) (*http.Response, error)
}

type openerImpl struct{ hc *http.Client }

func (o openerImpl) Open(req *http.Request) (*http.Response, error) { // want Open:`results\(0:fresh:\{ok:open err:none\}\)`
	return o.hc.Do(req)
}

func usesOpener(o opener, req *http.Request) (int, error) {
	resp, err := o.Open(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// --- A close deferred on the function's error
// (defer func() { if err != nil { resp.Body.Close() } }()) runs at the
// returns of an error only.

func (c *Client) fetchBody(req *http.Request) (rc io.ReadCloser, err error) { // want fetchBody:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { // want `resp.Body is closed by this deferred call before it is read to EOF`
		if err != nil {
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body, nil
}

func (c *Client) fetchBodyDrained(req *http.Request) (rc io.ReadCloser, err error) { // want fetchBodyDrained:`results\(0:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body, nil
}

func (c *Client) statusOnly(req *http.Request) (code int, err error) {
	resp, err := c.hc.Do(req) // want `resp.Body is not closed on the path that returns at line 705`
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	if resp.StatusCode != http.StatusOK {
		return 0, errors.New(resp.Status)
	}
	return resp.StatusCode, nil
}

func (c *Client) describe(req *http.Request, probe func() (int64, error)) (n int64, rc io.ReadCloser, err error) { // want describe:`results\(1:fresh-body:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() {
		if err != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	if resp.ContentLength < 0 {
		n, err = probe()
	} else {
		n, err = resp.ContentLength, nil
	}
	if err != nil {
		return 0, nil, err
	}
	return n, resp.Body, nil
}

// --- A body rewrapped with a reader that closes it through a slice of
// closers stays the response's body.

type multiCloser struct {
	reader  io.Reader
	closers []io.Closer
}

func (m *multiCloser) Read(p []byte) (int, error) { return m.reader.Read(p) }

func (m *multiCloser) Close() error {
	for _, c := range m.closers {
		c.Close()
	}
	return nil
}

func unzip(resp *http.Response) error {
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return nil
	}
	zr, err := newGzip(resp.Body)
	if err != nil {
		return err
	}
	resp.Body = &multiCloser{reader: zr, closers: []io.Closer{zr, resp.Body}}
	return nil
}

func newGzip(r io.Reader) (io.ReadCloser, error) { return io.NopCloser(r), nil }

func (c *Client) doUnzipped(req *http.Request) (*http.Response, error) { // want doUnzipped:`results\(0:fresh:\{ok:open err:none\}\)`
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if err := unzip(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

func usesUnzipped(c *Client, req *http.Request, v any) error {
	resp, err := c.doUnzipped(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return json.NewDecoder(resp.Body).Decode(v)
}

// CloseBody never fails: where a caller sees its error non-nil, no path
// goes, and nothing leaks there.
func CloseBody(resp *http.Response) error { // want CloseBody:`params\(0:closed\) nofail`
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil
}

func usesCloseBody(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if err := CloseBody(resp); err != nil {
		return err
	}
	return nil
}
