// Package http2 is a stub of golang.org/x/net/http2 for the tests: the
// responses its RoundTrip methods return are carried on HTTP/2 streams.
package http2

import "net/http"

// Transport is an HTTP/2 transport.
type Transport struct{}

// RoundTrip sends a request on an HTTP/2 connection.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// ClientConn is one HTTP/2 client connection.
type ClientConn struct{}

// RoundTrip sends a request on this connection.
func (cc *ClientConn) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}
