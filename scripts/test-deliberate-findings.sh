#!/usr/bin/env bash
# bodycheck's tests and bench/reuse make the mistakes respbody reports, on
# purpose: to show what they cost at run time, and that bodycheck catches
# them. Each line where respbody reports one says so in a comment,
# "respbody: unclosed" or "respbody: undrained". This checks that respbody
# reports exactly those lines, in those categories: the patterns measured
# are the ones respbody reports, and the fixes measured are clean.
#
# Usage: scripts/test-deliberate-findings.sh [path/to/respbody]
# (without an argument it builds ./cmd/respbody). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."

dirs=(bodycheck bench/reuse)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${1:-}
if [[ -z $bin ]]; then
	bin=$tmp/respbody
	go build -o "$bin" ./cmd/respbody
fi

pkgs=()
for d in "${dirs[@]}"; do pkgs+=("./$d/..."); done
"$bin" -json "${pkgs[@]}" >"$tmp/findings.json"

python3 - "$tmp/findings.json" "$PWD" "${dirs[@]}" <<'EOF'
import json, os, re, subprocess, sys

path, root, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]

# What respbody reports: one JSON object per run, or several in a row.
got = set()
text = open(path).read()
dec, i = json.JSONDecoder(), 0
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    obj, i = dec.raw_decode(text, i)
    for pkg in obj.values():
        for analyzer, diags in pkg.items():
            if not isinstance(diags, list):
                sys.exit(f"{analyzer}: {diags}")
            for d in diags:
                file, line = d["posn"].rsplit(":", 2)[:2]
                got.add((os.path.relpath(file, root), int(line), d.get("category", "?")))

# What the comments say respbody reports.
want = set()
mark = re.compile(r"//.*\brespbody: (unclosed|undrained)\b")
files = subprocess.run(["git", "ls-files", "--", *[f"{d}/*.go" for d in dirs]],
                       capture_output=True, text=True, check=True).stdout.split()
for file in files:
    for n, line in enumerate(open(file), 1):
        m = mark.search(line)
        if m:
            want.add((file, n, m.group(1)))

for f, n, c in sorted(got - want):
    print(f"{f}:{n}: respbody reports {c} here, and no comment says so")
for f, n, c in sorted(want - got):
    print(f"{f}:{n}: the comment says respbody reports {c} here; it does not")
if got != want:
    sys.exit(1)
print(f"respbody reports the {len(want)} deliberate findings in {', '.join(dirs)}, and nothing else")
EOF
