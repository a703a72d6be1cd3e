// Package modeluse calls the helpers of package modellib: their facts must
// count as if they were written out here.
package modeluse

import (
	"context"
	"encoding/json"
	"io"
	"net/http"

	"modellib"
)

func challengeLeaks(c *http.Client, req *http.Request) string {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return ""
	}
	return modellib.Challenge(resp)
}

func challengeCloses(c *http.Client, req *http.Request) string {
	resp, err := c.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	return modellib.Challenge(resp)
}

func logLeaks(c *http.Client, req *http.Request, logf func(string, ...any)) {
	resp, err := c.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return
	}
	modellib.LogStatus(resp, logf)
}

func checkThenDecode(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed by this deferred call before it is read to EOF`
	if err := modellib.CheckResponse(resp); err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func checkThenRead(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := modellib.CheckResponse(resp); err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func maybeDrain(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	modellib.MaybeDrain(resp)
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

func closeOnError(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if err := modellib.CloseOnError(resp); err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func closeOnErrorLeaks(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed`
	if err != nil {
		return err
	}
	return modellib.CloseOnError(resp)
}

func doReturnsClosed(ctx context.Context, c *modellib.Client, req *http.Request) (int, error) {
	var b []byte
	resp, err := c.Do(ctx, req, &b)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func doInLoop(ctx context.Context, c *modellib.Client, req *http.Request) bool {
	var b []byte
	for i := 0; i < 3; i++ {
		resp, err := c.Do(ctx, req, &b)
		if err == nil && resp.StatusCode == http.StatusOK {
			return true
		}
	}
	return false
}

func openLeaks(ctx context.Context, c *modellib.Client, req *http.Request) (int, error) {
	resp, err := c.Open(ctx, req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func drainsThroughWrapper(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	io.Copy(io.Discard, modellib.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

func readsPartThroughWrapper(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	buf := make([]byte, 16)
	modellib.LimitReader(resp.Body, 16).Read(buf)
	resp.Body.Close() // want `resp.Body is closed before it is read to EOF`
}

func usesAPI(a modellib.API, req *http.Request) (int, error) {
	resp, _, err := a.Call(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
