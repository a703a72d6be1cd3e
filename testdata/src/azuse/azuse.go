// Package azuse checks responses of the Azure SDK's pipeline: unless the
// request skips the body download, the pipeline has read and closed the
// body already, and a response never closed holds nothing.
package azuse

import (
	"context"
	"io"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"azgen"
)

func handle(resp *http.Response) (int, error) {
	b, err := io.ReadAll(resp.Body)
	return len(b), err
}

// list: the body was downloaded; nothing is owed but the close -strict
// asks for.
func list(ctx context.Context, p runtime.Pipeline, u string, next *string) (int, error) {
	var req *policy.Request
	var err error
	if next == nil {
		req, err = azgen.ListCreateRequest(ctx, u)
	} else {
		req, err = azgen.ListCreateRequest(ctx, *next)
	}
	if err != nil {
		return 0, err
	}
	resp, err := p.Do(req)
	if err != nil {
		return 0, err
	}
	return handle(resp)
}

// download: marked, the body is the caller's to close.
func download(ctx context.Context, p runtime.Pipeline, u string) (int, error) {
	req, err := azgen.DownloadCreateRequest(ctx, u)
	if err != nil {
		return 0, err
	}
	resp, err := p.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return handle(resp)
}

// direct: built here, unmarked.
func direct(ctx context.Context, p runtime.Pipeline, u string) (int, error) {
	req, err := runtime.NewRequest(ctx, "GET", u)
	if err != nil {
		return 0, err
	}
	resp, err := p.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// directSkip: built and marked here.
func directSkip(ctx context.Context, p runtime.Pipeline, u string) (int, error) {
	req, err := runtime.NewRequest(ctx, "GET", u)
	if err != nil {
		return 0, err
	}
	runtime.SkipBodyDownload(req)
	resp, err := p.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// given: a request of unknown origin may be marked.
func given(p runtime.Pipeline, req *policy.Request) (int, error) {
	resp, err := p.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// arrow: one of the requests is marked, through a function of azgen that
// gets it from another.
func arrow(ctx context.Context, p runtime.Pipeline, u string, useArrow bool) (int, error) {
	var req *policy.Request
	var err error
	if useArrow {
		req, err = azgen.ArrowCreateRequest(ctx, u)
	} else {
		req, err = azgen.ListCreateRequest(ctx, u)
	}
	if err != nil {
		return 0, err
	}
	resp, err := p.Do(req) // want `resp.Body is not closed`
	if err != nil {
		return 0, err
	}
	return handle(resp)
}
