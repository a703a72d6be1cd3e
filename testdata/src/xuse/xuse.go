// Package xuse calls the helpers and wrappers of package xlib: they must
// count exactly as if they were in this package.
package xuse

import (
	"context"
	"io"
	"net/http"

	"xlib"
)

func drainAndClose(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer xlib.DrainAndClose(resp.Body)
}

func closeQuietly(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer xlib.CloseQuietly(resp.Body) // want `closed by this deferred call before it is read to EOF`
}

func closeQuietlyNow(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	xlib.CloseQuietly(resp.Body) // want `resp.Body is closed by CloseQuietly before it is read to EOF`
}

func chain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	xlib.Discard(resp)
}

func decodeOnly(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	return xlib.Decode(resp.Body, v)
}

func keep(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	xlib.Keep(resp)
}

func check(u string) error {
	resp, err := xlib.Check(http.Get(u))
	if err != nil {
		return err
	}
	defer xlib.DrainAndClose(resp.Body)
	return nil
}

// Check closes the body exactly where it returns an error: where it
// returns nil, the body is still open and nothing here closes it.
func checkLeaks(u string) (int, error) {
	resp, err := xlib.Check(http.Get(u)) // want `the body of the response from http.Get is not closed on the path that returns at line 78`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func status(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	r, code := xlib.Status(resp)
	defer xlib.DrainAndClose(r.Body)
	return code
}

func fatal(u string) {
	resp, err := http.Get(u)
	if err != nil {
		xlib.Fatal(err.Error())
	}
	if resp.StatusCode != 200 {
		xlib.Fatal("status")
	}
	defer xlib.DrainAndClose(resp.Body)
}

func generic(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	xlib.DrainGeneric(resp.Body)
	xlib.CloseAll(resp.Body)
}

func wrapper(ctx context.Context, c *xlib.Client) error {
	resp, err := c.Get(ctx, "/x") // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	_ = resp.Header
	return nil
}

func wrapperClosed(ctx context.Context, c *xlib.Client) error {
	resp, err := c.Get(ctx, "/x")
	if err != nil {
		return err
	}
	defer xlib.DrainAndClose(resp.Body)
	return nil
}

func body(ctx context.Context, c *xlib.Client) error {
	rc, err := c.Open(ctx, "/f") // want `rc is not closed on the path that returns at line 135: it was read to EOF`
	if err != nil {
		return err
	}
	_, err = io.ReadAll(rc)
	return err
}

func via(d xlib.Doer, req *http.Request) {
	resp, err := xlib.Via(d, req) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	_ = resp
}
