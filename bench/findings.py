#!/usr/bin/env python3
"""Lists respbody's findings on real modules, and compares two builds: what
the precision table (bench/PRECISION.md) labels.

For each module of bench/modules.txt and bench/modules-more.txt (copied
from the Go module proxy into --work, kept there
between runs), runs each binary with -json on the module's package pattern,
tests excluded (-test=false) unless --tests, and prints one line per finding:

  module  file:line  category  message

With two binaries (--old and --new), prints only what changed: lines that
only the old build reports start with "-", lines only the new one reports
with "+", then a count of each per module.

With --labels bench/labels.tsv, ends with the counts of each label
(real, harmless, wrong) by category for each build, and lists the findings
that have no label yet.

Usage: bench/findings.py --new BIN [--old BIN] [--tests] [--only SUBSTRING]
                         [--modules FILE,...] [--work DIR] [--json OUT]
                         [--labels FILE]
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

import diagjson
import modcopy

HERE = os.path.dirname(os.path.abspath(__file__))


def modules(paths, only):
    out = []
    for line in (l for p in paths.split(",") for l in open(p)):
        line = line.split("#")[0].strip()
        if line and only in line:
            modver, pattern = line.split()
            out.append((modver, pattern))
    return out


def findings(binary, dst, pattern, tests):
    """Runs binary in dst; returns (exit code, stderr tail, sorted findings)."""
    env = dict(os.environ, GOFLAGS="-mod=mod", GOWORK="off")
    cmd = [binary, "-json"] + ([] if tests else ["-test=false"]) + [pattern]
    r = subprocess.run(cmd, cwd=dst, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    out = set()
    for d in diagjson.diagnostics(r.stdout):
        posn = os.path.relpath(re.sub(r":\d+$", "", d["posn"]), dst)
        out.add((posn, d.get("category", ""), d["message"]))
    return r.returncode, r.stderr[-400:], sorted(out, key=lambda f: (f[0].split(":")[0], int(f[0].split(":")[1]), f[2]))


def read_labels(path):
    labels = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        mod, posn, cat, label = line.rstrip("\n").split("\t")[:4]
        labels[(mod, posn, cat)] = label
    return labels


def label_counts(report, labels, build):
    """Prints, for one build, the labelled findings by category and label."""
    counts = collections.Counter()
    unlabelled = []
    for row in report:
        for posn, cat, msg in row.get(build, []):
            label = labels.get((row["module"], posn, cat))
            if label is None:
                unlabelled.append((row["module"], posn, cat, msg))
                continue
            counts[(cat, label)] += 1
    print(f"# labels, {build} build:")
    for cat in ("unclosed", "undrained"):
        n = sum(v for (c, _), v in counts.items() if c == cat)
        cells = ", ".join(f"{lab} {counts[(cat, lab)]}" for lab in ("real", "harmless", "wrong"))
        print(f"#   {cat}: {n} labelled: {cells}")
    if unlabelled:
        print(f"#   {len(unlabelled)} without a label:")
        for u in unlabelled[:50]:
            print("#     " + "\t".join(u))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--new", required=True)
    ap.add_argument("--old", default="")
    ap.add_argument("--tests", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--modules", default=",".join(os.path.join(HERE, f) for f in ("modules.txt", "modules-more.txt")))
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "respbody-modules"))
    ap.add_argument("--json", default="")
    ap.add_argument("--labels", default="")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    report = []
    totals = {"old": 0, "new": 0, "gone": 0, "added": 0}
    for modver, pattern in modules(args.modules, args.only):
        mod = modver.rsplit("@", 1)[0]
        dst = os.path.join(args.work, modver.replace("/", "_"))
        if not os.path.exists(dst):
            modcopy.prepare(modver, dst)
        code, err, new = findings(args.new, dst, pattern, args.tests)
        if code not in (0, 3):
            print(f"# {modver}: exit {code}: {err}", file=sys.stderr)
        row = {"module": modver, "exit": code, "new": new}
        totals["new"] += len(new)
        if args.old:
            ocode, oerr, old = findings(args.old, dst, pattern, args.tests)
            if ocode not in (0, 3):
                print(f"# {modver}: old build: exit {ocode}: {oerr}", file=sys.stderr)
            row["old"] = old
            gone = sorted(set(old) - set(new))
            added = sorted(set(new) - set(old))
            totals["old"] += len(old)
            totals["gone"] += len(gone)
            totals["added"] += len(added)
            for f in gone:
                print(f"- {mod}\t" + "\t".join(f))
            for f in added:
                print(f"+ {mod}\t" + "\t".join(f))
            print(f"# {modver}: old {len(old)}, new {len(new)}, gone {len(gone)}, added {len(added)}", flush=True)
        else:
            for f in new:
                print(f"{mod}\t" + "\t".join(f))
            print(f"# {modver}: {len(new)} findings (exit {code})", flush=True)
        report.append(row)
    print("# total: " + ", ".join(f"{k} {v}" for k, v in totals.items() if args.old or k == "new"))
    if args.labels:
        labels = read_labels(args.labels)
        for build in ("new", "old") if args.old else ("new",):
            label_counts(report, labels, build)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
