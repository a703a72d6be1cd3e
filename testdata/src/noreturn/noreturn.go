// Package noreturn checks that paths that never return owe nothing.
package noreturn

import (
	"io"
	"log"
	"net/http"
	"os"
	"testing"
)

func panics(u string) {
	resp, err := http.Get(u)
	if err != nil {
		panic(err)
	}
	if resp.StatusCode != 200 {
		panic("bad status")
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func exits(u string) {
	resp, err := http.Get(u)
	if err != nil {
		os.Exit(1)
	}
	if resp.StatusCode != 200 {
		log.Fatalf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func loggerFatal(l *log.Logger, u string) {
	resp, err := http.Get(u)
	if err != nil {
		l.Fatal(err)
	}
	if resp.StatusCode != 200 {
		l.Fatalln("bad")
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func testFatal(t *testing.T, u string) {
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func tbFatal(tb testing.TB, u string) {
	resp, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != 200 {
		tb.FailNow()
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func die(msg string) {
	log.Print(msg)
	os.Exit(2)
}

func helperExits(u string) {
	resp, err := http.Get(u)
	if err != nil {
		die(err.Error())
	}
	if resp.StatusCode != 200 {
		die("bad")
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func stillLeaks(t *testing.T, u string) {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		t.Fatal(err)
	}
	t.Log(resp.Status)
}
