// Package sarifcheck validates a SARIF log against the SARIF 2.1.0 JSON
// schema, for the tests of the writer and of the command's -sarif output.
// Only tests import it, so its validator is not in respbody's binary.
//
// sarif-schema-2.1.0.json is the OASIS schema, SARIF 2.1.0 Errata 01
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
// as gosec's tests vendor it (github.com/securego/gosec/v2 v2.29.0,
// report/sarif/testdata); its sha256 is
// c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e.
package sarifcheck

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

// schemaURL is the schema's id.
const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("the SARIF schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

// Validate reports whether log is a SARIF 2.1.0 log that the schema
// accepts, with the schema's reasons when it is not.
func Validate(log []byte) error {
	schema, err := compiled()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return schema.Validate(v)
}
