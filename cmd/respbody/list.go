package main

import (
	"fmt"
	"os"

	"github.com/respbody/respbody/internal/listroute"
	"github.com/respbody/respbody/internal/vetroute"
)

// The default route: respbody's own driver on go list (see
// internal/listroute and DEVELOPMENT.md). Dependencies come from the build
// cache's export data, a dependency is analyzed from source only when a
// fact about it is asked for, and each package's facts and findings are
// kept in respbody's cache ($RESPBODY_CACHE).

// statsEnv, when set, makes the default route say on stderr what it
// analyzed and what came from its cache.
const statsEnv = "RESPBODY_STATS"

// runList analyzes the packages with respbody's own driver, and returns
// what it found in the form the go vet route gives.
func runList(o *options) (*vetroute.Result, error) {
	dir, err := listroute.DefaultCacheDir()
	if err != nil {
		return nil, err
	}
	listroute.Trim(dir)
	var stats listroute.Stats
	vr, err := listroute.Run(listroute.Options{
		Analyzer:   o.analyzer,
		ToolID:     listroute.ExecutableID(analyzerFlags(o)...),
		BuildFlags: buildFlags(o),
		Patterns:   o.patterns,
		Env:        o.env.Vars,
		Tests:      o.tests,
		CacheDir:   dir,
		Stats:      &stats,
	})
	if err == nil && os.Getenv(statsEnv) != "" {
		fmt.Fprintf(os.Stderr, "respbody: %d packages in the graph, %d reported on, %d analyzed, %d from the cache, %d not stored (changed during the run)\n",
			stats.Packages, stats.Roots, len(stats.Sources), stats.Cached, stats.Unstored)
	}
	return vr, err
}
