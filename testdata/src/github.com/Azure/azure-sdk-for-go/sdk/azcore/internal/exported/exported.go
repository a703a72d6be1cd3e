// Package exported is a stand-in for azcore's internal/exported: the
// request and pipeline types the policy and runtime packages alias.
package exported

import "net/http"

// Request is a request on its way through a pipeline.
type Request struct {
	Raw  *http.Request
	Skip bool
}

// Pipeline sends requests through policies; the real one ends in a policy
// that downloads the body unless the request is marked.
type Pipeline struct {
	Client *http.Client
}

// Do sends req.
func (p Pipeline) Do(req *Request) (*http.Response, error) { // want Do:`results\(0:fresh:\{ok:open err:none\}\)`
	return p.Client.Do(req.Raw)
}
