// Package deferloop checks closes deferred inside the loop that obtains the
// body: each one runs only when the function returns.
package deferloop

import (
	"errors"
	"io"
	"net/http"
)

func fetchAll(c *http.Client, urls []string) (int64, error) {
	var n int64
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			return n, err
		}
		defer resp.Body.Close() // want `resp.Body is closed by a call deferred inside the loop that obtains it`
		m, err := io.Copy(io.Discard, resp.Body)
		n += m
	}
	return n, nil
}

func statuses(c *http.Client, urls []string) []int {
	var out []int
	for i := 0; i < len(urls); i++ {
		resp, err := c.Get(urls[i])
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want `resp.Body is closed by a call deferred inside the loop that obtains it` `resp.Body is closed by this deferred call before it is read to EOF`
		out = append(out, resp.StatusCode)
	}
	return out
}

// A continue after the defer: no fix (the close at the end of the body
// would be skipped).
func skips(c *http.Client, urls []string) error {
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close() // want `resp.Body is closed by a call deferred inside the loop that obtains it` `resp.Body is closed by this deferred call before it is read to EOF`
		if resp.StatusCode != http.StatusOK {
			continue
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return errors.Join(err, errors.New("copy"))
		}
	}
	return nil
}

// The close at the end of each iteration: nothing to report.
func closesEachIteration(c *http.Client, urls []string) {
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// A func literal per iteration: the defer runs at its end.
func literalPerIteration(c *http.Client, urls []string) {
	for _, u := range urls {
		func() {
			resp, err := c.Get(u)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, resp.Body)
		}()
	}
}

// The response is obtained before the loop: one body, not one per
// iteration (it leaks where the loop runs no iteration).
func oneBody(c *http.Client, u string, tries int) {
	resp, err := c.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	for range tries {
		defer resp.Body.Close()
		break
	}
	_, _ = io.Copy(io.Discard, resp.Body)
}
