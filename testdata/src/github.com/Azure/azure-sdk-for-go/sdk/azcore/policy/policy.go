// Package policy is a stand-in for azcore's policy package.
package policy

import "github.com/Azure/azure-sdk-for-go/sdk/azcore/internal/exported"

// Request is the pipeline's request.
type Request = exported.Request
