#!/usr/bin/env bash
# Applies respbody's suggested fixes to real modules from the Go module proxy
# and checks that the result is right:
#
#   1. copy MODULE@VERSION to a temporary folder (a module without go.mod,
#      such as docker/docker, gets one from a consumer module's requirements);
#   2. respbody -json: count diagnostics, and those that carry a fix;
#   3. apply the fixes, with `respbody -fix` (default) or with
#      `go fix -fixtool=respbody` (FIXER=gofix);
#   4. go build and go vet the fixed packages;
#   5. respbody -json again: what is left, and how many of what is left
#      still carries a fix (must be 0: every fixed diagnostic is gone).
#
# Usage: scripts/fix-real-modules.sh [MODULE@VERSION[:PATTERN] ...]
#        FIXER=gofix scripts/fix-real-modules.sh
#        TESTS=true scripts/fix-real-modules.sh
# Prints one line per module; exits 1 if a fixed module fails to build or
# vet, or still has fixable diagnostics.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fixer=${FIXER:-respbody}
tests=${TESTS:-false} # TESTS=true also fixes _test.go files (vet checks them)
export GOFLAGS=-mod=mod # synthesized go.mod files may need tidying

modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
	modules=(
		github.com/hashicorp/go-retryablehttp@v0.7.8
		github.com/google/go-github/v66@v66.0.0:./github/...
		github.com/hashicorp/consul/api@v1.34.5
		github.com/docker/docker@v28.5.2+incompatible:./client
		golang.org/x/oauth2@v0.30.0
		github.com/hashicorp/vault/api@v1.16.0
		github.com/go-resty/resty/v2@v2.16.5
	)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/respbody" "$here/cmd/respbody"

# count FILE prints "diagnostics fixable" for respbody -json output.
count() {
	python3 "$here/bench/diagjson.py" "$1"
}

status=0
printf '%-45s %11s %8s %8s %19s %5s %12s\n' module diagnostics fixable applied build+vet left "left w/ fix"
for spec in "${modules[@]}"; do
	modver=${spec%%:*}
	pattern=./...
	[[ $spec == *:* ]] && pattern=${spec#*:}
	dir=$work/$(echo "${modver%@*}" | tr / _)
	python3 "$here/bench/modcopy.py" "$modver" "$dir"
	cd "$dir"
	vetbefore=ok
	go vet "$pattern" >/dev/null 2>&1 || vetbefore=failing
	"$work/respbody" -json -test=$tests "$pattern" >"$work/before.json" 2>/dev/null || true
	read -r before fixable < <(count "$work/before.json")
	if [[ $fixer == gofix ]]; then
		go fix -fixtool="$work/respbody" "$pattern" >/dev/null 2>&1 || true
	else
		"$work/respbody" -fix -test=$tests "$pattern" >/dev/null 2>&1 || true
	fi
	ok=ok
	if ! go build "$pattern" >"$work/build.log" 2>&1; then
		ok=FAIL
	elif ! go vet "$pattern" >>"$work/build.log" 2>&1; then
		# A module whose vet failed before the fix is judged by go build.
		[[ $vetbefore == failing ]] && ok=ok/vet-was-failing || ok=FAIL
	fi
	if [[ $ok == FAIL ]]; then
		status=1
		sed 's/^/    /' "$work/build.log" | head -20
	fi
	"$work/respbody" -json -test=$tests "$pattern" >"$work/after.json" 2>/dev/null || true
	read -r after leftfix < <(count "$work/after.json")
	applied=$((fixable - leftfix))
	[[ $leftfix -eq 0 ]] || status=1
	printf '%-45s %11s %8s %8s %19s %5s %12s\n' "$modver" "$before" "$fixable" "$applied" "$ok" "$after" "$leftfix"
	cd "$work"
done
exit $status
