#!/usr/bin/env python3
"""Times the default route of two respbody builds side by side on large modules.

For each module of bench/modules-large.txt (prepared as bench/large.py
prepares it), runs the default route (`respbody ./...`, tests included) of
a base build and of the working tree's build, taking turns, in three
situations each (as bench/large.py defines them):

  first   a binary with a new content hash (no entry of the cache applies)
  rerun   the same command again, nothing changed
  edit    after appending a comment to one file of a leaf package

and prints the medians (wall seconds, peak MiB of the process tree) with
the ratio new/base, and whether both builds printed the same findings.

Usage: bench/cacheab.py [--base REV] [--runs 3] [--only SUBSTRING] [--json out.json]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

from bench import median
from large import ROOT, fresh_binary, leaf_file, measure, module_list, prepare, findings, HERE


def build(rev, tmp):
    """The respbody binary of rev ("" for the working tree)."""
    out = os.path.join(tmp, f"respbody-{rev or 'work'}")
    if not rev:
        subprocess.run(["go", "build", "-o", out, "./cmd/respbody"], cwd=ROOT, check=True)
        return out
    src = os.path.join(tmp, "src-" + rev)
    subprocess.run(["git", "worktree", "add", "--detach", src, rev], cwd=ROOT, check=True, capture_output=True)
    try:
        subprocess.run(["go", "build", "-o", out, "./cmd/respbody"], cwd=src, check=True)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", src], cwd=ROOT, capture_output=True)
    return out


def bench_module(modver, bins, args, tmp):
    mod = prepare(modver, args.cache)
    leaf = leaf_file(mod)
    with open(leaf, "rb") as f:
        original = f.read()
    res = {name: {k: [] for k in ("first", "rerun", "edit")} for name in bins}
    outs = {}
    try:
        for i in range(args.runs):
            order = list(bins) if i % 2 == 0 else list(reversed(bins))
            for name in order:
                # One cache a build, kept between runs: a fresh binary's
                # keys are new, and what the cache remembers besides
                # (the base's file stamps) stays, as for a user.
                cache = os.path.join(tmp, f"cache-{name}")
                env = dict(os.environ, RESPBODY_CACHE=cache)
                fb = fresh_binary(bins[name], tmp)
                res[name]["first"].append(measure([fb, "./..."], mod, env)[:2])
                w, m, o = measure([fb, "./..."], mod, env)
                res[name]["rerun"].append((w, m))
                outs[name] = o
                with open(leaf, "ab") as f:
                    f.write(f"\n// edited by bench/cacheab.py {i}\n".encode())
                res[name]["edit"].append(measure([fb, "./..."], mod, env)[:2])
                with open(leaf, "wb") as f:
                    f.write(original)
                os.remove(fb)
    finally:
        with open(leaf, "wb") as f:
            f.write(original)
    r = {"module": modver}
    for name, sits in res.items():
        r[name] = {k: {"wall": median([x[0] for x in v]), "peak_mib": median([x[1] for x in v]) / 1024}
                   for k, v in sits.items()}
    names = list(bins)
    r["same_findings"] = findings(outs[names[0]]) == findings(outs[names[1]])
    r["findings"] = {n: len(findings(outs[n])) for n in names}
    return r


def table(results, base):
    print(f"| module | situation | base {base} wall (s) | new wall (s) | new/base | base peak (MiB) | new peak | new/base |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        for k in ("first", "rerun", "edit"):
            b, n = r["base"][k], r["new"][k]
            print(f"| {r['module']} | {k} | {b['wall']:.2f} | {n['wall']:.2f} | {n['wall'] / b['wall']:.2f} | "
                  f"{b['peak_mib']:.0f} | {n['peak_mib']:.0f} | {n['peak_mib'] / b['peak_mib']:.2f} |")
    for r in results:
        print(f"{r['module']}: findings base {r['findings']['base']}, new {r['findings']['new']}, same: {r['same_findings']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="231326a", help="the build to compare with (a git revision)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modules", default=os.path.join(HERE, "modules-large.txt"))
    ap.add_argument("--only")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "respbody-large"))
    ap.add_argument("--json")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        bins = {"base": build(args.base, tmp), "new": build("", tmp)}
        for modver in module_list(args.modules, args.only):
            print(f"== {modver}", file=sys.stderr, flush=True)
            results.append(bench_module(modver, bins, args, tmp))
            if args.json:
                with open(args.json, "w") as f:
                    json.dump({"base": args.base, "results": results}, f, indent=1)
    table(results, args.base)


if __name__ == "__main__":
    main()
