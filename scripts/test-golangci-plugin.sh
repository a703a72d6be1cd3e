#!/usr/bin/env bash
# Builds a custom golangci-lint that includes the respbody module plugin and
# checks it on testdata/mod: a finding, a setting (drain: never), a bad
# setting, and --fix.
#
# `golangci-lint custom` git-clones golangci-lint, which CI cannot reach; this
# builds the same binary from the Go module proxy instead: the golangci-lint
# source at the version pinned in .custom-gcl.yml, plus a blank import of the
# plugin, with a replace directive pointing at this checkout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version: *//p' "$here/.custom-gcl.yml")
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod

echo "== building golangci-lint $version with the respbody plugin"
src=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$src" "$work/gcl"
chmod -R u+w "$work/gcl"
cat >"$work/gcl/cmd/golangci-lint/plugin_respbody.go" <<'GO'
package main

import _ "github.com/respbody/respbody/plugin/golangci"
GO
(
	cd "$work/gcl"
	go mod edit -require=github.com/respbody/respbody@v0.0.0 -replace="github.com/respbody/respbody=$here"
	go build -o "$work/golangci-lint" ./cmd/golangci-lint
)
"$work/golangci-lint" version

fail() {
	echo "FAIL: $*"
	exit 1
}

# lint DRAIN-SETTING: copy testdata/mod with a config for the plugin.
setup() {
	rm -rf "$work/mod"
	cp -r "$here/testdata/mod" "$work/mod"
	cat >"$work/mod/.golangci.yml" <<YML
version: "2"
linters:
  default: none
  enable:
    - respbody
  settings:
    custom:
      respbody:
        type: module
        description: response bodies that leak or waste their connection
        settings:
          $1
YML
}

echo "== a finding, and drain: always"
setup "drain: always"
out=$(cd "$work/mod" && "$work/golangci-lint" run ./... 2>&1) && fail "no findings: $out"
echo "$out"
grep -q "resp.Body is not closed on the path that returns at line 18" <<<"$out" || fail "unclosed finding missing"
grep -q "resp.Body is closed before it is read to EOF" <<<"$out" || fail "undrained finding missing"

echo "== drain: never"
setup "drain: never"
out=$(cd "$work/mod" && "$work/golangci-lint" run ./... 2>&1) && fail "no findings: $out"
grep -q "resp.Body is not closed" <<<"$out" || fail "unclosed finding missing with drain: never"
grep -q "before it is read to EOF" <<<"$out" && fail "undrained finding reported with drain: never"

echo "== an unknown setting"
setup "drian: never"
out=$(cd "$work/mod" && "$work/golangci-lint" run ./... 2>&1) && fail "unknown setting accepted"
echo "$out" | tail -3
grep -q "respbody settings" <<<"$out" || fail "no clear error for an unknown setting"

echo "== --fix"
setup "drain: always"
(cd "$work/mod" && "$work/golangci-lint" run --fix ./... >/dev/null 2>&1) || true
grep -q "io.CopyN(io.Discard" "$work/mod/leaky.go" || fail "--fix applied no drain"
(cd "$work/mod" && go build ./... && go vet ./...) || fail "fixed code does not build or vet"
out=$(cd "$work/mod" && "$work/golangci-lint" run ./... 2>&1) || fail "findings left after --fix: $out"

echo "golangci-lint plugin: PASS"
