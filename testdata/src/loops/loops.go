// Package loops checks that each iteration's response is its own
// obligation.
package loops

import (
	"io"
	"net/http"
	"time"
)

func closedEachIteration(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func continueLeaks(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on the path that returns at line 34, and before the next call in the loop replaces it`
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func retry(u string) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		resp, err = http.Get(u)
		if err == nil && resp.StatusCode < 500 {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return resp, err
}

func retryLeaks(u string) (*http.Response, error) {
	for i := 0; ; i++ {
		resp, err := http.Get(u) // want `before the next call in the loop replaces it`
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusServiceUnavailable && i < 3 {
			time.Sleep(time.Second)
			continue
		}
		return resp, nil
	}
}

func overwrite(a, b string) {
	resp, err := http.Get(a) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	resp, err = http.Get(b)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}
