// Command floor is the benchmark's floor: an analyzer with respbody's
// requirements (the same fact type, the same Requires: none) that does
// nothing. The driver loads and type-checks the same packages for it as for
// respbody, so respbody's time over floor's is respbody's own work.
package main

import (
	"github.com/respbody/respbody/passes/respbody"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	singlechecker.Main(&analysis.Analyzer{
		Name:      "floor",
		Doc:       "floor: does nothing, with respbody's requirements",
		Requires:  respbody.Analyzer.Requires,
		FactTypes: respbody.Analyzer.FactTypes,
		Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	})
}
