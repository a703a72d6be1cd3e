// Package iterators checks range-over-func loops over responses: the loop
// body owns each response it is given.
package iterators

import (
	"io"
	"iter"
	"net/http"
)

// Pages yields the responses of a paged API.
func Pages(c *http.Client, reqs []*http.Request) iter.Seq2[*http.Response, error] {
	return func(yield func(*http.Response, error) bool) {
		for _, req := range reqs {
			resp, err := c.Do(req)
			if !yield(resp, err) {
				return
			}
		}
	}
}

// Each yields responses whose errors were handled.
func Each(c *http.Client, reqs []*http.Request) iter.Seq[*http.Response] {
	return func(yield func(*http.Response) bool) {
		for _, req := range reqs {
			resp, err := c.Do(req)
			if err != nil {
				continue
			}
			if !yield(resp) {
				return
			}
		}
	}
}

func drains(c *http.Client, reqs []*http.Request) error {
	for resp, err := range Pages(c, reqs) {
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return nil
}

func leaks(c *http.Client, reqs []*http.Request) int {
	n := 0
	for resp := range Each(c, reqs) { // want `resp.Body is not closed when the loop body ends`
		n += resp.StatusCode
	}
	return n
}

func leaksOnBreak(c *http.Client, reqs []*http.Request) error {
	for resp, err := range Pages(c, reqs) { // want `resp.Body is not closed`
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			break
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return nil
}
