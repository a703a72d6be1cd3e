#!/usr/bin/env bash
# Runs bodyclose's own analysistest suite against respbody
# (internal/bodyclosesuite; its doc.go says how the two are compared, and
# divergences.txt lists the disagreements accepted, with their reasons).
#
# bodyclose's testdata is not kept in this repository: this downloads
# github.com/timakin/bodyclose at the version pinned below from the Go module
# proxy, copies passes/bodyclose/testdata to a temporary folder (the module
# cache is read-only, and analysistest loads it as a GOPATH), and runs the
# test with RESPBODY_BODYCLOSE_TESTDATA set to that copy; -v prints the
# table of expectations.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
module=github.com/timakin/bodyclose
version=$(cat "$here/bench/bodyclose.version") # the bodyclose every comparison runs
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# Outside any module, so that nothing is added to this one's go.mod or go.sum.
src=$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ -z $src || ! -d $src/passes/bodyclose/testdata/src ]]; then
	echo "FAIL: go mod download $module@$version gave no testdata (Dir: '$src')"
	exit 1
fi
echo "bodyclose's suite: $module@$version"
cp -r "$src/passes/bodyclose/testdata" "$work/testdata"
chmod -R u+w "$work/testdata"

cd "$here"
RESPBODY_BODYCLOSE_TESTDATA="$work/testdata" go test -count=1 -v -run '^TestBodycloseSuite$' ./internal/bodyclosesuite
