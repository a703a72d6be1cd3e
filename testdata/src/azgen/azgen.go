// Package azgen is a generated-client stand-in: functions that build
// azcore requests, one of them marked to skip the body download (used
// from package azuse).
package azgen

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// ListCreateRequest builds a list request: its response body is
// downloaded by the pipeline.
func ListCreateRequest(ctx context.Context, u string) (*policy.Request, error) { // want ListCreateRequest:`request\(download\)`
	return runtime.NewRequest(ctx, "GET", u)
}

// DownloadCreateRequest builds a download request: the caller reads the
// body.
func DownloadCreateRequest(ctx context.Context, u string) (*policy.Request, error) { // want DownloadCreateRequest:`request\(skip-download\)`
	req, err := runtime.NewRequest(ctx, "GET", u)
	if err != nil {
		return nil, err
	}
	runtime.SkipBodyDownload(req)
	return req, nil
}

// ArrowCreateRequest gets its request from a function that marks it.
func ArrowCreateRequest(ctx context.Context, u string) (*policy.Request, error) { // want ArrowCreateRequest:`request\(skip-download\)`
	return arrowCreateRequest(ctx, u)
}

func arrowCreateRequest(ctx context.Context, u string) (*policy.Request, error) {
	req, err := runtime.NewRequest(ctx, "GET", u)
	if err != nil {
		return nil, err
	}
	runtime.SkipBodyDownload(req)
	return req, nil
}
