// Package lines has findings in code that //line directives place
// elsewhere: in a file that does not exist, in the module's go.mod, and
// in a file outside the module whose text must never be printed (the
// environment, with its secrets, on Linux). Every route reports them at
// the positions the directives give, as go vet does.
package lines

import "net/http"

//line generated.y:10:1
func Gone(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

//line ../go.mod:1
func Module(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

//line /proc/self/environ:1:1
func Environ(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
