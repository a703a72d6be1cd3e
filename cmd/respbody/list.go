package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/respbody/respbody/internal/listroute"
	"github.com/respbody/respbody/internal/vetroute"
)

// The default route: respbody's own driver on go list -export (see
// internal/listroute and DEVELOPMENT.md). Dependencies come from the build
// cache's export data, a dependency is analyzed from source only when a
// fact about it is asked for, and each package's facts and findings are
// kept in respbody's cache, keyed by the go command's build IDs.

// cacheEnv names the directory of respbody's cache; "off" keeps none.
const cacheEnv = "RESPBODY_CACHE"

// cacheDir is the directory of respbody's cache, or "" for none.
func cacheDir() string {
	switch dir := os.Getenv(cacheEnv); dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "respbody")
	default:
		return dir
	}
}

// toolID identifies this binary and the analyzer's flags, for the cache:
// another build of respbody, or another -drain, starts afresh.
func toolID(self string, o *options) string {
	f, err := os.Open(self)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	fmt.Fprintf(h, "\nflags %s\n", strings.Join(analyzerFlags(o), " "))
	return hex.EncodeToString(h.Sum(nil))
}

// runList analyzes the packages with respbody's own driver, and returns
// what it found in the form the go vet route gives.
func runList(o *options, self string) (*vetroute.Result, error) {
	dir := cacheDir()
	listroute.Trim(dir)
	var stats listroute.Stats
	vr, err := listroute.Run(listroute.Options{
		Analyzer:   o.analyzer,
		ToolID:     toolID(self, o),
		BuildFlags: buildFlags(o),
		Patterns:   o.patterns,
		Tests:      o.tests,
		CacheDir:   dir,
		Stats:      &stats,
	})
	if err == nil && os.Getenv("RESPBODY_STATS") != "" {
		fmt.Fprintf(os.Stderr, "respbody: %d packages in the graph, %d reported on, %d analyzed, %d from the cache\n",
			stats.Packages, stats.Roots, len(stats.Sources), stats.Cached)
	}
	return vr, err
}
