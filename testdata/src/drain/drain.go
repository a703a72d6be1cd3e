// Package drain checks what counts as reading a body to EOF.
package drain

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"io/ioutil"
	"net/http"
	"net/http/httputil"
	"os"
)

func readAll(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.ReadAll(resp.Body)
}

func ioutilReadAll(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	ioutil.ReadAll(resp.Body)
}

func copyToFile(u string, f *os.File) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(f, resp.Body)
}

func copyBuffer(u string, w io.Writer) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.CopyBuffer(w, resp.Body, make([]byte, 512))
}

func bufferReadFrom(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
}

func bufioWriteTo(u string, w io.Writer) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	bufio.NewReader(resp.Body).WriteTo(w)
}

func csvReadAll(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	csv.NewReader(resp.Body).ReadAll()
}

func csvReadOne(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	csv.NewReader(resp.Body).Read()
}

func dump(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	httputil.DumpResponse(resp, true)
}

func dumpHeaderOnly(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	httputil.DumpResponse(resp, false)
	resp.Body.Close() // want `before it is read to EOF`
}

func write(u string, w io.Writer) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Write(w)
}

func boundedDrain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.CopyN(io.Discard, resp.Body, 64<<10)
}

func limitedDrain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
}

func boundedCopyIntoBuffer(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	var b bytes.Buffer
	io.CopyN(&b, resp.Body, 10)
	resp.Body.Close() // want `before it is read to EOF`
}

func readFull(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	buf := make([]byte, 10)
	io.ReadFull(resp.Body, buf)
}

func decodeThenDrain(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func decodeMore(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for dec.More() {
		if err := dec.Decode(v); err != nil {
			return err // a failed read owes no drain
		}
	}
	return nil
}

func decodeUntilEOF(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		if err := dec.Decode(v); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func xmlTokens(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := xml.NewDecoder(resp.Body)
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func xmlDecodeOnly(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	return xml.NewDecoder(resp.Body).Decode(v)
}

func scanLines(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	n := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		n++
	}
	return n
}

func firstLine(u string) string {
	resp, err := http.Get(u)
	if err != nil {
		return ""
	}
	defer resp.Body.Close() // want `before it is read to EOF`
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	return line
}

func readUntilEOF(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for {
		_, err := br.ReadString('\n')
		if err == io.EOF {
			break
		}
		if err != nil {
			return // a failed read owes no drain
		}
	}
}

// A reader over the body handed to code we cannot see may read it to EOF.
func unknownReader(u string, parse func(io.Reader) error) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return parse(resp.Body)
}

// A loop that decodes a stream gives up on the rest on purpose when it
// stops: a stream cannot be drained.
func stream(ctx context.Context, u string, out chan<- any) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return
		}
		out <- v
	}
}

// A new response in each iteration is not a stream: one Decode each.
func decodeEach(urls []string, v any) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		json.NewDecoder(resp.Body).Decode(v)
		resp.Body.Close() // want `before it is read to EOF`
	}
}

// An io.LimitedReader built in place is a reader over the body.
func limitedStruct(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(&io.LimitedReader{R: resp.Body, N: 1 << 20})
}

// Read to the end of a bound and not closed: a longer body is neither at
// EOF nor closed.
func limitedStructNotClosed(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 330: it was read only up to a bound, not to EOF, so a longer body keeps the connection and its goroutines until it is closed`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(&io.LimitedReader{R: resp.Body, N: 1 << 20})
}
