// Package websocket is a stand-in for github.com/gorilla/websocket: its
// Dial returns a handshake response the caller need not close.
package websocket

import (
	"bufio"
	"net"
	"net/http"
)

// Conn is a WebSocket connection.
type Conn struct{ c net.Conn }

// Dialer dials WebSocket servers.
type Dialer struct{}

// Dial performs the handshake.
func (d *Dialer) Dial(url string, h http.Header) (*Conn, *http.Response, error) {
	c, err := net.Dial("tcp", url)
	if err != nil {
		return nil, nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, nil, err
	}
	return &Conn{c}, resp, nil
}
