package basic

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
)

// Printing a response, or its body, through a variadic parameter (fmt,
// log) only looks at it: the body still leaks.

func printResponse(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	fmt.Print(resp)
}

func logBody(u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	log.Printf("%v", resp.Body)
}

func printThenClose(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status, resp)
	_, _ = io.Copy(io.Discard, resp.Body)
}

// closeAll may close what it is given: a slice that holds the body is
// taken.
func closeAll(cs ...interface{ Close() error }) {
	for _, c := range cs {
		c.Close()
	}
}

func closedThroughSlice(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeAll(resp.Body)
}

// slog.Group keeps what it is given: the attribute holds the response,
// and the caller gets it.
func group(u string) (slog.Attr, error) {
	resp, err := http.Get(u)
	if err != nil {
		return slog.Attr{}, err
	}
	return slog.Group("g", "resp", resp), nil
}
