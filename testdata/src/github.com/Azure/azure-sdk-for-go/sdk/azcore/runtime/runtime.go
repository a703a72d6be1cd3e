// Package runtime is a stand-in for azcore's runtime package.
package runtime

import (
	"context"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/internal/exported"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Pipeline is the pipeline type.
type Pipeline = exported.Pipeline

// NewRequest makes a request.
func NewRequest(ctx context.Context, method, url string) (*policy.Request, error) { // want NewRequest:`request\(download\)`
	r, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return nil, err
	}
	return &policy.Request{Raw: r}, nil
}

// SkipBodyDownload marks req: the pipeline leaves its response's body to
// the caller.
func SkipBodyDownload(req *policy.Request) { req.Skip = true }
