#!/usr/bin/env bash
# Builds respbody from this checkout and runs it on a real module from the
# Go module proxy: copies MODULE@VERSION to a temporary folder and runs
# `respbody [FLAGS] ./...` there.
#
#   scripts/run-on-module.sh github.com/hashicorp/go-retryablehttp@v0.7.8
#   scripts/run-on-module.sh github.com/google/go-github/v66@v66.0.0 -test=false
#
# Exit status is respbody's: 0 clean, 3 findings, 1 error.
set -euo pipefail
if [[ $# -lt 1 ]]; then
	echo "usage: $0 MODULE@VERSION [respbody flags]" >&2
	exit 2
fi
mod=$1
shift
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/respbody" "$here/cmd/respbody"
python3 "$here/bench/modcopy.py" "$mod" "$work/src"
cd "$work/src"
echo "respbody on $mod" >&2
set +e
"$work/respbody" "$@" ./...
status=$?
set -e
exit $status
