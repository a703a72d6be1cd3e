package respbody

import (
	"golang.org/x/tools/go/analysis"
)

// ChecksDrain exposes checksDrain to the tests.
var ChecksDrain = checksDrain

// NewTimedAnalyzer returns an analyzer with the default flags that calls
// stages as the stages of each package's analysis start (after its SSA is
// built), and the function it returns as they end (TestHugeFunction).
func NewTimedAnalyzer(stages func(pkg string) (done func())) *analysis.Analyzer {
	return newAnalyzer(&config{drain: DrainAuto, nolint: true, stages: stages})
}
