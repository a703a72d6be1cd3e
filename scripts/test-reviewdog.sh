#!/usr/bin/env bash
# Feeds respbody's SARIF log to reviewdog (-f=sarif, pinned below, built from
# the Go module proxy) and checks what reviewdog reads: each finding at its
# file, line and column, with its rule id and help link, and the suggested
# fix as one suggestion that, applied to the file, gives what respbody -fix
# gives; -reporter=github-pr-review (against a stand-in for GitHub's API)
# posting the finding on lines that hold it, with that suggestion; the diff filter keeping a finding the
# change added and dropping the ones it only moved; -drain=never dropping the
# undrained finding; //nolint:respbody keeping its finding out; and the
# fingerprints of the moved findings unchanged. Then it breaks each of those
# in a copy of the log and checks that the check fails.
#
#   scripts/test-reviewdog.sh [path/to/respbody]
#
# The module is testdata/mod (the go vet, go fix, golangci-lint and
# pre-commit tests' module), in a subdirectory (svc/) of a new
# git repository; the change (a second commit) moves leaky.go's findings
# three lines down and adds testdata/reviewdog/change/added.go. The checks
# are scripts/check_reviewdog.py's. Needs Go, git, python3 and the module
# proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

REVIEWDOG_VERSION=v0.21.0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

respbody=${1:-}
if [[ -z $respbody ]]; then
	go build -o "$tmp/respbody" ./cmd/respbody
	respbody=$tmp/respbody
fi
respbody=$(cd "$(dirname "$respbody")" && pwd)/$(basename "$respbody")

# Outside this module, so that its go.mod does not pin reviewdog's
# requirements.
(cd "$tmp" && GOBIN="$tmp/bin" GOFLAGS=-mod=mod go install "github.com/reviewdog/reviewdog/cmd/reviewdog@$REVIEWDOG_VERSION")
reviewdog=$tmp/bin/reviewdog

# A space and a # in the path: the log's URIs must be percent-encoded for
# reviewdog to resolve them.
repo="$tmp/repo #1"
mkdir -p "$repo/svc"
cp testdata/mod/* "$repo/svc/"
git() { command git -C "$repo" -c user.name=respbody -c user.email=respbody@example.com -c commit.gpgsign=false "$@"; }
git init -q
git add -A
git commit -qm base
cd "$repo/svc"
"$respbody" -sarif ./... >"$tmp/base.sarif"

# The change: three lines above Status (its two findings move, unchanged),
# and a new file with a new finding.
sed -i '/^\/\/ Status leaks/i // The change adds these three lines: the findings below move three lines\n// down, and their fingerprints stay the same.\n//' leaky.go
cp "$root/testdata/reviewdog/change/added.go" .
git add -A
git commit -qm change
"$respbody" -sarif ./... >"$tmp/head.sarif"
"$respbody" -sarif -drain=never ./... >"$tmp/never.sarif"
# What the fixes must give: respbody -fix on a copy (exit 3: findings left).
cp -r . "$tmp/src"
cp -r . "$tmp/fixed"
(cd "$tmp/fixed" && "$respbody" -fix ./... >/dev/null) || [[ $? -eq 3 ]]

# feed DIR runs reviewdog on DIR's logs and leaves what it printed in DIR.
# reviewdog runs at the repository's root, respbody in the module's
# directory: reviewdog's SARIF parser names files relative to the root (it
# resolves them with the log's %SRCROOT%), and its -diff runs git diff
# --relative, relative to where reviewdog runs, so from svc/ its diff filter
# would match no file.
feed() {
	local d=$1
	cd "$repo"
	: >"$tmp/posted.jsonl"
	env -u GITHUB_ACTIONS -u GITHUB_API_URL -u GITHUB_EVENT_PATH \
		CI_REPO_OWNER=o CI_REPO_NAME=r CI_PULL_REQUEST=1 CI_COMMIT="$(command git rev-parse HEAD)" \
		GITHUB_API="http://127.0.0.1:$(cat "$tmp/port")/" REVIEWDOG_GITHUB_API_TOKEN=none \
		"$reviewdog" -f=sarif -reporter=github-pr-review -filter-mode=added <"$d/head.sarif" >/dev/null
	cp "$tmp/posted.jsonl" "$d/github.jsonl"
	"$reviewdog" -f=sarif -reporter=rdjsonl -filter-mode=nofilter <"$d/head.sarif" >"$d/nofilter.jsonl"
	"$reviewdog" -f=sarif -reporter=rdjsonl -filter-mode=added -diff="git diff HEAD~1" <"$d/head.sarif" >"$d/added.jsonl"
	"$reviewdog" -f=sarif -reporter=local -filter-mode=added -diff="git diff HEAD~1" <"$d/head.sarif" >"$d/local.txt"
	"$reviewdog" -f=sarif -reporter=rdjsonl -filter-mode=nofilter <"$d/never.sarif" >"$d/never.jsonl"
}

# A stand-in for GitHub's API, for -reporter=github-pr-review: it serves
# the change as pull request 1 and keeps the review reviewdog posts.
python3 "$root/scripts/check_reviewdog.py" serve "$repo" "$tmp/posted.jsonl" "$tmp/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [[ -s $tmp/port ]] && break; sleep 0.1; done

feed "$tmp"
echo "reviewdog $REVIEWDOG_VERSION on respbody's SARIF:"
python3 "$root/scripts/check_reviewdog.py" check "$tmp" "$tmp/src" "$tmp/fixed"

# Each loss must fail the check.
failed=0
for kind in finding column rule helplink fix fingerprint exclusion flag; do
	m=$tmp/broken-$kind
	mkdir "$m"
	python3 "$root/scripts/check_reviewdog.py" break "$kind" "$tmp" "$m"
	feed "$m"
	if out=$(python3 "$root/scripts/check_reviewdog.py" check "$m" "$tmp/src" "$tmp/fixed" 2>&1); then
		echo "FAIL: a log with its $kind broken passed the check"
		failed=1
	else
		echo "broken $kind fails the check: $(grep -m1 '^FAIL' <<<"$out")"
	fi
done
exit $failed
