#!/usr/bin/env bash
# Hammers the default route's cache and checks that it never changes an
# answer: every run with the cache must print what -inprocess prints on the
# same files. Concurrent runs, edits during runs, go-line changes,
# same-size edits with the old modification time, a damaged cache and a
# read-only one. Usage: scripts/test-cache.sh [respbody binary]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

work=$(mktemp -d)
cleanup() {
	if [[ -n ${ro_mount:-} ]]; then umount "$ro_mount" 2>/dev/null || true; fi
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

bin=${1:-}
if [[ -z $bin ]]; then
	bin=$work/respbody
	go build -o "$bin" ./cmd/respbody
fi
mod=$work/mod
cp -r testdata/routes "$mod"
export RESPBODY_CACHE=$work/cache GOWORK=off GOFLAGS=-mod=mod
unset RESPBODY_DEBUG
lib=$mod/lib/lib.go
cp "$lib" "$work/lib.a"
# lib.b has lib.a's size: Discard neither reads nor closes the body.
sed 's/{ resp.Body.Close() }/{ _ = resp.Body     }/' "$lib" >"$work/lib.b"
[[ $(wc -c <"$work/lib.a") == $(wc -c <"$work/lib.b") ]] && ! cmp -s "$work/lib.a" "$work/lib.b"
touch -d '2020-01-01 00:00:00' "$lib" "$work/lib.a" "$work/lib.b"

# answer FILE [flags]: what respbody prints (and its exit status) on the
# module, with the cache unless -inprocess is among the flags.
answer() {
	local out=$1
	shift
	local status=0
	(cd "$mod" && "$bin" "$@" ./... >"$out.raw" 2>"$out.err") || status=$?
	if [[ $status != 0 && $status != 3 ]]; then
		echo "respbody $* exited $status:"
		cat "$out.raw" "$out.err"
		return 1
	fi
	# Findings go to standard error, with the go command's messages and
	# respbody's own warnings (a cache it cannot write), which differ by
	# route.
	{
		cat "$out.raw"
		grep -v -e '^respbody: ' -e '^go: ' "$out.err" || true
	} | sort >"$out"
	echo "exit $status" >>"$out"
	if [[ $status == 3 && $(wc -l <"$out") -lt 2 ]]; then
		echo "respbody $* exited 3 but printed no finding"
		return 1
	fi
}

checks=0
# expect FILE [flags]: what -inprocess prints on the files as they are,
# computed once for each content of lib.go and go.mod and each set of flags.
expect() {
	local out=$1
	shift
	local state
	state=$(cat "$lib" "$mod/go.mod" | sha1sum | cut -c1-12)-$(echo "$bin $*" | sha1sum | cut -c1-12)
	if [[ ! -f $work/expect-$state ]]; then
		answer "$work/expect-$state" -inprocess "$@"
	fi
	cp "$work/expect-$state" "$out"
}

# agree NAME [flags]: a run with the cache prints what -inprocess prints.
agree() {
	local name=$1
	shift
	answer "$work/cached" "$@"
	expect "$work/fresh" "$@"
	if ! cmp -s "$work/cached" "$work/fresh"; then
		echo "FAIL $name: the default route differs from -inprocess"
		diff "$work/cached" "$work/fresh" || true
		exit 1
	fi
	checks=$((checks + 1))
	echo "ok   $name"
}

swap() { # swap a|b: lib.go becomes that version, with the old mtime
	cp "$work/lib.$1" "$lib"
	touch -r "$work/lib.a" "$lib"
}

agree "cold cache"
agree "warm cache"

swap b
agree "same-size edit, modification time restored"
swap a
agree "edit undone, modification time restored"

# Concurrent runs on one cache, with edits between them.
for round in 1 2 3; do
	pids=()
	for i in 1 2 3 4; do
		answer "$work/par$i" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid"; done
	expect "$work/fresh"
	for i in 1 2 3 4; do
		if ! cmp -s "$work/par$i" "$work/fresh"; then
			echo "FAIL concurrent runs, round $round: run $i differs from -inprocess"
			diff "$work/par$i" "$work/fresh" || true
			exit 1
		fi
	done
	checks=$((checks + 1))
	echo "ok   four concurrent runs, round $round"
	if ((round % 2)); then swap b; else swap a; fi
done
swap a

# Edits while a run goes on: whatever a run saw, the next run after the
# files settle must print what -inprocess prints.
for round in 1 2 3 4 5 6; do
	rm -rf "$RESPBODY_CACHE"
	answer "$work/during" &
	pid=$!
	sleep "0.$((round * 15))"
	swap b
	sleep 0.1
	swap a
	wait "$pid"
	agree "edit and undo during a run, round $round"
done

# The go line: the language version, and -drain=auto, read it.
gomod=$mod/go.mod
cp "$gomod" "$work/go.mod.orig"
sed -i 's/^go 1\.25$/go 1.24/' "$gomod"
agree "go line lowered to 1.24"
cp "$work/go.mod.orig" "$gomod"
agree "go line back to 1.25"
# Go 1.27 drains on Close: with -drain=auto, a module whose go line says
# 1.27 has no undrained findings. A respbody built with Go 1.27 reads it.
if GOTOOLCHAIN=go1.27.3 go build -o "$work/respbody127" ./cmd/respbody 2>"$work/build127.err"; then
	(
		export GOTOOLCHAIN=go1.27.3
		bin=$work/respbody127
		sed -i 's/^go 1\.25$/go 1.26/' "$gomod"
		agree "-drain=auto, go 1.26" -drain=auto
		cp "$work/cached" "$work/go126"
		sed -i 's/^go 1\.26$/go 1.27/' "$gomod"
		agree "-drain=auto, go line raised to 1.27" -drain=auto
		if cmp -s "$work/cached" "$work/go126"; then
			echo "FAIL -drain=auto: the go line 1.27 changed nothing; this check checks nothing"
			exit 1
		fi
		sed -i 's/^go 1\.27$/go 1.26/' "$gomod"
		agree "-drain=auto, go line back to 1.26" -drain=auto
	)
	checks=$((checks + 3))
	cp "$work/go.mod.orig" "$gomod"
else
	echo "skip the go 1.27 line: no go1.27.3 toolchain: $(head -c 300 "$work/build127.err")"
fi

# A damaged cache: every entry overwritten.
find "$RESPBODY_CACHE" -mindepth 2 -type f -exec sh -c 'printf garbage >"$1"' _ {} \;
agree "damaged entries"
agree "damaged entries written anew"

# A read-only cache: a read-only mount when root, permissions otherwise.
rodir=$work/rocache
mkdir -p "$rodir"
if [[ $(id -u) == 0 ]] && mount -t tmpfs tmpfs "$rodir" 2>/dev/null; then
	ro_mount=$rodir
	RESPBODY_CACHE=$rodir answer "$work/fill"
	mount -o remount,ro "$rodir"
else
	RESPBODY_CACHE=$rodir answer "$work/fill"
	chmod -R a-w "$rodir"
fi
if touch "$rodir/probe" 2>/dev/null; then
	rm -f "$rodir/probe"
	echo "skip the read-only cache: this machine cannot make a folder read-only"
else
	swap b
	RESPBODY_CACHE=$rodir agree "read-only cache, after an edit"
	if ! grep -q "cannot be written" "$work/cached.err"; then
		echo "FAIL read-only cache: no word on stderr that the cache cannot be written"
		cat "$work/cached.err"
		exit 1
	fi
	swap a
	RESPBODY_CACHE=$rodir agree "read-only cache, edit undone"
fi

echo "$checks passed, 0 failed"
