package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// moduleVersion is the version of the respbody module in this binary.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// versionString identifies the build: module version, VCS revision when the
// binary was built from a checkout with VCS stamping, Go version, and the
// x/tools version it was built with.
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "respbody (unknown build)"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var extra []string
	settings := make(map[string]string)
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if settings["vcs.modified"] == "true" {
			rev += "+dirty"
		}
		extra = append(extra, rev)
	}
	if t := settings["vcs.time"]; t != "" {
		extra = append(extra, t)
	}
	extra = append(extra, bi.GoVersion)
	for _, dep := range bi.Deps {
		if dep.Path == "golang.org/x/tools" {
			extra = append(extra, "x/tools "+dep.Version)
		}
	}
	return fmt.Sprintf("respbody %s (%s)", version, strings.Join(extra, ", "))
}
