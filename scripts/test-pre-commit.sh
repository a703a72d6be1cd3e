#!/usr/bin/env bash
# Checks the pre-commit hooks of .pre-commit-hooks.yaml with
# `pre-commit try-repo` against small git repositories made from testdata:
# the check hook fails on a leak and passes on clean code; the fix hook
# changes the leaky file so that it builds and the check then passes, and
# fails, naming it, on a leak it has no fix for.
# Needs pre-commit (Debian package pre-commit; .ci/run installs it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache
export GOFLAGS=-mod=mod
# pre-commit installs each hook environment with GOPATH inside it, so that
# every try-repo would download the modules again; the machine's module
# cache serves them instead.
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE

fail() {
	echo "FAIL: $*"
	exit 1
}

# repo NAME FILES...: a git repository holding the module and the files.
repo() {
	local dir=$work/$1
	shift
	mkdir -p "$dir"
	cp "$here/testdata/mod/go.mod" "$dir/"
	cp "$@" "$dir/"
	(cd "$dir" && git init -q && git add . &&
		git -c user.name=ci -c user.email=ci@example.com commit -qm init)
	echo "$dir"
}

leaky=$(repo leaky "$here/testdata/mod/leaky.go")
clean=$(repo clean "$here/testdata/clean/clean.go")

echo "== check hook on a leak: must fail"
if out=$(cd "$leaky" && pre-commit try-repo "$here" respbody --all-files 2>&1); then
	fail "check hook passed on a leak: $out"
fi
grep -q "resp.Body is not closed" <<<"$out" || fail "finding missing from the hook output: $out"

echo "== check hook on clean code: must pass"
out=$(cd "$clean" && pre-commit try-repo "$here" respbody --all-files 2>&1) || fail "check hook failed on clean code: $out"

echo "== fix hook on a leak: changes the file, which then passes"
(cd "$leaky" && pre-commit try-repo "$here" respbody-fix --all-files >/dev/null 2>&1) || true
grep -q "io.CopyN(io.Discard" "$leaky/leaky.go" || fail "fix hook did not fix leaky.go"
(cd "$leaky" && go build ./... && git add -A) || fail "fixed code does not build"
out=$(cd "$leaky" && pre-commit try-repo "$here" respbody --all-files 2>&1) || fail "check hook fails after the fix: $out"

echo "== fix hook on a leak it has no fix for: must fail and name it"
cat >"$work/ping.go" <<'GO'
package leaky

import "net/http"

// Ping discards the response: respbody offers no fix.
func Ping(c *http.Client, req *http.Request) {
	c.Do(req)
}
GO
nofix=$(repo nofix "$here/testdata/mod/leaky.go" "$work/ping.go")
if out=$(cd "$nofix" && pre-commit try-repo "$here" respbody-fix --all-files 2>&1); then
	fail "fix hook passed with a leak left: $out"
fi
grep -q "1 finding left after fixing" <<<"$out" || fail "fix hook does not say what is left: $out"
grep -q "ping.go:7:2: the response from c.Do is discarded" <<<"$out" || fail "fix hook does not name the leak left: $out"

echo "pre-commit hooks: PASS"
