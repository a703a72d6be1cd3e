package respbody

import (
	"time"

	"golang.org/x/tools/go/analysis"
)

// ChecksDrain exposes checksDrain to the tests.
var ChecksDrain = checksDrain

// NewTimedAnalyzer returns an analyzer with the default flags that tells
// analyzed how long the analysis of each package took after its SSA was
// built (TestHugeFunction).
func NewTimedAnalyzer(analyzed func(pkg string, d time.Duration)) *analysis.Analyzer {
	return newAnalyzer(&config{drain: DrainAuto, nolint: true, analyzed: analyzed})
}
