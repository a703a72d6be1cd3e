// Package fixesread checks the fix of a body that is read and never
// closed: read to EOF, or up to a bound. The fix closes it (its drain does
// nothing after EOF).
package fixesread

import (
	"io"
	"net/http"
)

func readToEOF(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 16: it was read to EOF`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func readBounded(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 24: it was read only up to a bound, not to EOF`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}
