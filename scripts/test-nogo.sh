#!/usr/bin/env bash
# Bazel rules_go's nogo with respbody, without Bazel (issue 24).
#
# Bazel cannot be installed here at a usable version, but rules_go is a Go
# module and its nogo is Go code. This script takes rules_go (RULES_GO_VERSION,
# from the Go module proxy) and:
#
#  1. builds rules_go's own nogo_main generator (go/tools/builders:
#     generate_nogo_main.go, with flags.go for its flag type, behind a
#     three-line main doing what builder.go's "gennogomain" verb does) and runs
#     it the way go/private/rules/nogo.bzl does: -analyzer_importpath
#     github.com/respbody/respbody/passes/respbody -config
#     testdata/nogo/nogo_config.json. The config (only_files, exclude_files,
#     analyzer_flags) is compiled into nogo, as under Bazel.
#  2. builds the nogo binary from the generated main and the files of
#     go/tools/builders:nogo_srcs (constants.go env.go flags.go nogo_fix.go
#     nogo_goversions_go1{18,21,22}.go nogo_main.go nogo_version.go nolint.go),
#     copied unchanged. nogo_main.go imports golang.org/x/tools/internal/facts,
#     which Bazel lets it use (rules_go's BUILD file grants it) and the go
#     command does not, outside x/tools. The build therefore happens inside
#     x/tools' import path: a throwaway module named
#     golang.org/x/tools/nogo_respbody, in a temporary directory, requiring the
#     unmodified golang.org/x/tools at respbody's version (go.mod; rules_go
#     v0.65.0 itself pins v0.51.0) from the module cache, github.com/respbody/respbody
#     replaced by this checkout, and rules_go's go-udiff (nogo_fix.go). In module
#     mode the go command decides "internal" by import path
#     (golang.org/x/tools/nogo_respbody is under golang.org/x/tools), so the
#     import is legal without copying or editing x/tools.
#  3. drives it the way rules_go's per-package RunNogo actions do (the
#     builder's runNogo in go/tools/builders/nogo.go): on a copy of
#     testdata/nogo, `go list -deps -export` gives the packages in dependency
#     order and their export data; for each package of the module, one nogo
#     process, run from the module's root (Bazel's execroot) with its
#     arguments in a params file (-param=), as runNogo writes them: -p,
#     -fix_dir, -importcfg (its direct imports' export data), -go_version,
#     -fact IMPORTPATH=FILE for each direct import analyzed before (standard
#     library packages have no facts under Bazel either), -x (the facts file
#     its importers' actions read) and the sources, relative to the root.
#     Exit status 3 means findings: the output goes to the action's nogo.log,
#     as runNogo does; any other failure fails the script. The fixes come out
#     as nogo.patch in each -fix_dir, as rules_go writes them.
#
# Then it checks:
#   - use: a finding that needs lib's facts (lib.Log only looks at the
#     response; without its summary the body is handed off to it) is
#     reported, with the suggested fix in use's patch;
#   - lib and clean (which hands its body to lib.Release) pass: exit 0, no
#     nogo.log;
#   - exclude_files: use/legacy.go's leak is silent, and not in the patch;
#     only_files: third_party/old's leak is silent;
#   - analyzer_flags reach respbody: strict true reports flags/flags.go's
#     unclosed http.ReadResponse (silent without -strict), drain never
#     silences its undrained close (reported by default before go1.27);
#   - flags/quiet.go's two leaks, silenced by //nolint:respbody and
#     //lint:ignore respbody, are silent;
#   - the patches apply with `patch -p1` from the root (as rules_go's
#     validation message says), the fixed module builds and vets, and a second
#     run of the same actions on it reports nothing.
#
# Not tested: Bazel itself (the starlark rules, sandboxing, the builder's own
# importcfg from the stdlib it compiles, the nogovalidation action's
# message), and remote execution.
#
# The actions run with RESPBODY_DEBUG=1: an internal error in respbody then
# fails nogo (exit 1, and this script) instead of dropping the function's
# findings and summary quietly.
#
# NOGO_BREAK=facts|exclude|only|flags|fix breaks one step on purpose (no -fact
# inputs; no exclude_files; no only_files; no analyzer_flags; no -fix_dir): the
# script must then fail. Needs Go and the Go module proxy (or a module cache
# holding rules_go, go-udiff and respbody's requirements). NOGO_KEEP=1 keeps
# the work directory (the params files, importcfgs, facts, logs and patches).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# The respbody checkout nogo is built with: this one unless NOGO_RESPBODY
# names another.
respbody=${NOGO_RESPBODY:-$root}

RULES_GO_VERSION=v0.65.0
UDIFF_VERSION=v0.4.1 # rules_go v0.65.0's go.mod
NOGO_BREAK=${NOGO_BREAK:-}
XTOOLS_VERSION=$(go list -m -f '{{.Version}}' golang.org/x/tools)

work=$(mktemp -d "${TMPDIR:-/tmp}/respbody-nogo.XXXXXX")
[[ -n ${NOGO_KEEP:-} ]] && echo "keeping $work" || trap 'rm -rf "$work"' EXIT

fail() {
	echo "test-nogo: FAIL: $*" >&2
	exit 1
}

moddir() { # module@version -> its directory in the module cache
	(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$1") |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}
rules_go=$(moddir "github.com/bazelbuild/rules_go@$RULES_GO_VERSION")
builders=$rules_go/go/tools/builders
[[ -f $builders/nogo_main.go ]] || fail "no rules_go $RULES_GO_VERSION in the module cache"
moddir "github.com/aymanbagabas/go-udiff@$UDIFF_VERSION" >/dev/null
echo "rules_go $RULES_GO_VERSION ($builders), golang.org/x/tools $XTOOLS_VERSION, $(go env GOVERSION)"

# The nogo config, broken on purpose when asked.
config=$work/nogo_config.json
case $NOGO_BREAK in
"") cp testdata/nogo/nogo_config.json "$config" ;;
exclude) sed '/"exclude_files"/,/},/d' testdata/nogo/nogo_config.json >"$config" ;;
only) sed '/"only_files"/,/},/d' testdata/nogo/nogo_config.json >"$config" ;;
flags) sed '/"strict"/d; /"drain"/d' testdata/nogo/nogo_config.json >"$config" ;;
facts | fix) cp testdata/nogo/nogo_config.json "$config" ;;
*) fail "NOGO_BREAK=$NOGO_BREAK: want facts, exclude, only, flags or fix" ;;
esac

# 1. rules_go's generator of nogo's main, as builder.go's gennogomain verb.
mkdir "$work/gen"
cp "$builders/generate_nogo_main.go" "$builders/flags.go" "$work/gen/"
cat >"$work/gen/main.go" <<'EOF'
package main

import (
	"log"
	"os"
)

// As go/tools/builders/builder.go for the "gennogomain" verb.
func main() {
	log.SetFlags(0)
	log.SetPrefix("gennogomain: ")
	if err := genNogoMain(os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}
EOF
chmod -R u+w "$work/gen"
(cd "$work/gen" && GOWORK=off go build -o "$work/gennogomain" main.go generate_nogo_main.go flags.go)

# 2. nogo: nogo_srcs and the generated main, in x/tools' import path.
nogo_src=$work/golang.org/x/tools/nogo_respbody
mkdir -p "$nogo_src"
for f in constants.go env.go flags.go nogo_fix.go nogo_goversions_go118.go \
	nogo_goversions_go121.go nogo_goversions_go122.go nogo_main.go \
	nogo_version.go nolint.go; do
	cp "$builders/$f" "$nogo_src/"
done
chmod u+w "$nogo_src"/*.go
"$work/gennogomain" -output "$nogo_src/generated_nogo_main.go" \
	-analyzer_importpath github.com/respbody/respbody/passes/respbody \
	-config "$config"
grep -q 'analyzer1 "github.com/respbody/respbody/passes/respbody"' "$nogo_src/generated_nogo_main.go" ||
	fail "the generated main does not import respbody"
cat >"$nogo_src/go.mod" <<EOF
module golang.org/x/tools/nogo_respbody

go 1.25.0

require (
	github.com/aymanbagabas/go-udiff $UDIFF_VERSION
	github.com/respbody/respbody v0.0.0
	golang.org/x/tools $XTOOLS_VERSION
)

replace github.com/respbody/respbody => $respbody
EOF
{
	cat "$respbody/go.sum"
	grep '^github.com/aymanbagabas/go-udiff ' "$rules_go/go.sum"
} >"$nogo_src/go.sum"
(cd "$nogo_src" && GOWORK=off GOFLAGS=-mod=mod go build -o "$work/nogo" .)

# 3. The per-package actions.
goversion=$(go env GOVERSION)
goversion=${goversion#go} # rules_go passes go.sdk.version, without "go"

# run_actions SRC OUT: one nogo action per package of the module in SRC, in
# dependency order; OUT/<package>/ is each action's -fix_dir (Bazel's _nogo
# directory, holding nogo.log and nogo.patch), OUT/<package>.facts its -x.
run_actions() {
	local src=$1 out=$2
	mkdir -p "$out"
	local listing
	listing=$(cd "$src" && GOWORK=off go list -deps -export \
		-f '{{.ImportPath}}	{{.Export}}	{{if .Standard}}std{{else}}mod{{end}}	{{join .GoFiles ","}}	{{join .Imports " "}}	{{.Dir}}' ./...)
	declare -A exports=() analyzed=()
	local ip exp kind files imports dir
	while IFS=$'\t' read -r ip exp kind files imports dir; do
		exports[$ip]=$exp
		[[ $kind == mod ]] || continue
		local name=${ip//\//_}
		local outdir=$out/$name
		mkdir -p "$outdir"
		local rel=${dir#"$src"}
		rel=${rel#/}
		local importcfg=$out/$name.importcfg
		: >"$importcfg"
		local args=(-p "$ip")
		[[ $NOGO_BREAK == fix ]] || args+=(-fix_dir "$outdir")
		args+=(-importcfg "$importcfg" -go_version "$goversion")
		local imp
		for imp in $imports; do
			echo "packagefile $imp=${exports[$imp]}" >>"$importcfg"
			if [[ -n ${analyzed[$imp]:-} && $NOGO_BREAK != facts ]]; then
				args+=(-fact "$imp=$out/${imp//\//_}.facts")
			fi
		done
		args+=(-x "$out/$name.facts")
		local f
		IFS=, read -r -a srcs <<<"$files"
		for f in "${srcs[@]}"; do
			args+=("${rel:+$rel/}$f")
		done
		printf '%s\n' "${args[@]}" >"$out/$name.param"
		local rc=0
		(cd "$src" && RESPBODY_DEBUG=1 "$work/nogo" "-param=$out/$name.param") >"$out/$name.output" 2>&1 || rc=$?
		case $rc in
		0) ;;
		3) sed "s#$src/##g; s#$src#.#g" "$out/$name.output" >"$outdir/nogo.log" ;;
		*)
			cat "$out/$name.output" >&2
			fail "nogo on $ip exited $rc"
			;;
		esac
		[[ -f $out/$name.facts ]] || fail "nogo on $ip wrote no facts file"
		analyzed[$ip]=1
		echo "nogo $ip: exit $rc$([[ -f $outdir/nogo.patch ]] && echo ', nogo.patch')"
	done <<<"$listing"
}

cp -R testdata/nogo "$work/src"
chmod -R u+w "$work/src"
run_actions "$work/src" "$work/out"
out=$work/out
for log in "$out"/*/nogo.log; do
	[[ -f $log ]] || continue
	echo "--- $(basename "$(dirname "$log")")/nogo.log"
	cat "$log"
done
for p in "$out"/*/nogo.patch; do
	[[ -f $p ]] || continue
	echo "--- $(basename "$(dirname "$p")")/nogo.patch"
	cat "$p"
done

failures=0
check_failed() {
	echo "test-nogo: FAIL: $*" >&2
	failures=$((failures + 1))
}
# in_logs/in_patches PATTERN: whether any action's nogo.log/nogo.patch has it.
in_logs() { grep -qs -e "$1" "$out"/*/nogo.log; }
in_patches() { grep -qs -e "$1" "$out"/*/nogo.patch; }

# The cross-package finding, which needs lib's facts.
in_logs '^use/use.go:14:15: resp.Body is not closed on the path that returns at line 19.* (respbody)$' ||
	check_failed "use/use.go:14: the finding that needs lib's facts is missing"
# Packages without findings pass (exit 0, no nogo.log).
for p in example.com/nogo/lib example.com/nogo/clean; do
	[[ ! -f $out/${p//\//_}/nogo.log ]] || check_failed "$p: findings in a clean package"
done
# exclude_files and only_files.
! in_logs 'use/legacy.go' || check_failed "exclude_files: use/legacy.go is reported"
! in_patches 'use/legacy.go' || check_failed "exclude_files: use/legacy.go is in the patch"
! in_logs 'third_party/' || check_failed "only_files: third_party/old is reported"
# analyzer_flags: strict true, drain never.
in_logs '^flags/flags.go:15:15: resp.Body is not closed .*holds no pooled connection' ||
	check_failed "analyzer_flags: strict true did not reach respbody (flags/flags.go:15 missing)"
! in_logs '^flags/flags.go:29:' ||
	check_failed "analyzer_flags: drain never did not reach respbody (flags/flags.go:29 reported)"
# The directives: //nolint:respbody (which nogo's nolint.go reads too) and
# //lint:ignore respbody.
! in_logs '^flags/quiet.go:' || check_failed "flags/quiet.go: a finding silenced by a directive is reported"
# The fix, as rules_go's patch.
[[ -f $out/example.com_nogo_use/nogo.patch ]] || check_failed "use: no nogo.patch"
grep -qs '^--- a/use/use.go$' "$out/example.com_nogo_use/nogo.patch" &&
	grep -qs '^+	defer resp.Body.Close()$' "$out/example.com_nogo_use/nogo.patch" ||
	check_failed "use: nogo.patch does not add the deferred close to use/use.go"

((failures == 0)) || fail "$failures checks failed"

# The patches apply from the root, the module builds, and no finding is left.
cp -R testdata/nogo "$work/fixed"
chmod -R u+w "$work/fixed"
for p in "$out"/*/nogo.patch; do
	(cd "$work/fixed" && patch -p1 --quiet --forward <"$p") || fail "$p does not apply"
done
(cd "$work/fixed" && GOWORK=off go build ./... && GOWORK=off go vet ./...) || fail "the patched module does not build or vet"
run_actions "$work/fixed" "$work/out-fixed" >/dev/null
if compgen -G "$work/out-fixed/*/nogo.log" >/dev/null; then
	cat "$work/out-fixed"/*/nogo.log >&2
	fail "findings are left after the patches"
fi
echo "test-nogo: ok (rules_go $RULES_GO_VERSION nogo, x/tools $XTOOLS_VERSION): facts across packages, a clean package, exclude_files, only_files, analyzer_flags, directives, the fix patch"
