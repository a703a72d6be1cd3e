#!/usr/bin/env bash
# Runs bodyclose and respbody on the same real module and prints the findings
# only one of them reports.
#
#   scripts/compare-bodyclose.sh github.com/hashicorp/vault/api@v1.16.0
#   scripts/compare-bodyclose.sh github.com/google/go-github/v66@v66.0.0 ./github/...
#   scripts/compare-bodyclose.sh github.com/google/go-github/v66@v66.0.0 ./github/... -test=false
#
# Arguments: MODULE@VERSION, then the package pattern (default ./...), then
# flags that both tools accept, given to both (-test=false).
#
# It builds bodyclose at a pinned version from the Go module proxy (go install
# into a temporary GOBIN; -mod=mod because bodyclose's go.mod does not list
# every module it imports), builds respbody from this checkout, copies
# MODULE@VERSION to a temporary folder (bench/modcopy.py) and runs both there
# with -json. Both run with their defaults otherwise: bodyclose without
# -check-consumption, respbody with -drain=auto and without -generated.
#
# Matching (scripts/compare_bodyclose.py), each finding once however many
# package variants (pkg, pkg [pkg.test]) reported it:
#   - a bodyclose finding and a respbody finding match when they are in the
#     same file on the same line;
#   - or when the respbody finding is of category unclosed, is in the same
#     function (the nearest line at or above it that starts with "func "),
#     and names the bodyclose finding's line among its related positions or
#     as "line N" in its message.
# Unmatched bodyclose findings are listed under "only bodyclose:" (marked
# "[generated file]" in a file with a "// Code generated ... DO NOT EDIT."
# line, which respbody skips by default), unmatched respbody findings under
# "only respbody:", except the undrained ones, a rule bodyclose does not have
# by default: those are listed under "respbody's undrained findings (no
# bodyclose rule):". Then the counts, and how many bodyclose findings both
# report (each with the respbody findings that match it).
#
# Needs go, python3 and the Go module proxy. Exit status: 0 when both ran, 1
# when either failed (its standard error is printed), 2 on bad arguments.
set -euo pipefail
if [[ $# -lt 1 || $1 != *@* ]]; then
	echo "usage: $0 MODULE@VERSION [PATTERN [FLAGS...]]" >&2
	exit 2
fi
mod=$1
pattern=${2:-./...}
shift
if [[ $# -gt 0 ]]; then
	shift
fi
flags=("$@")
here=$(cd "$(dirname "$0")/.." && pwd)
bodyclose_version=$(cat "$here/bench/bodyclose.version") # the bodyclose every comparison runs
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOWORK=off

echo "== building bodyclose@$bodyclose_version and respbody" >&2
(cd "$work" && GOBIN="$work/bin" GOFLAGS=-mod=mod go install "github.com/timakin/bodyclose@$bodyclose_version" 2>"$work/install.err") ||
	{ cat "$work/install.err" >&2; exit 1; }
(cd "$here" && go build -o "$work/bin/respbody" ./cmd/respbody)
python3 "$here/bench/modcopy.py" "$mod" "$work/src"

cd "$work/src"
export GOFLAGS=-mod=mod
run() { # run NAME: runs the tool NAME with -json, its output in $work/NAME.json
	echo "== $1 -json ${flags[*]+${flags[*]} }$pattern on $mod" >&2
	local status=0
	"$work/bin/$1" -json ${flags[@]+"${flags[@]}"} "$pattern" >"$work/$1.json" 2>"$work/$1.err" || status=$?
	if [[ $status -ne 0 ]]; then
		echo "$1 failed (exit status $status):" >&2
		cat "$work/$1.err" >&2
		exit 1
	fi
	cat "$work/$1.err" >&2
}
run bodyclose
run respbody
python3 "$here/scripts/compare_bodyclose.py" "$work/src" "$work/bodyclose.json" "$work/respbody.json"
