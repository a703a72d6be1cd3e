#!/usr/bin/env python3
"""The floor of the go vet route's first run: what skipping dependency work could win.

Under go vet the go command runs the tool once per package of the whole graph:
for each dependency a "VetxOnly" call that wants only its facts. This builds,
besides respbody, a throwaway variant (`go build -overlay`, the repository is
not changed) whose VetxOnly calls write an empty facts file and exit at once,
without parsing or type-checking: its findings are wrong (no facts), its wall
time is the least that any skip of dependency work can reach. It then times
first runs (a copy of each binary with a new content hash, compiled packages
cached as bench/large.py leaves them) of respbody, the floor variant and
bodyclose, taking turns (with --goonly, also a build that answers every
call at once, roots included: the go command's own cost), and prints median wall time, CPU time (user+sys of
the whole process tree, steadier than wall on a shared machine) and peak
memory, with the ratios to bodyclose.

Usage: bench/vetxfloor.py [--runs 3] [--only SUBSTRING] [--tool name=BINARY ...] [--json out.json]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

import large
from bench import median

HOOK = '''package main

import (
	"encoding/json"
	"os"
	"strings"
)

// Throwaway (bench/vetxfloor.py): a VetxOnly call (or every call) writes
// no facts and reports nothing.
func init() {
	args := os.Args[1:]
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return
	}
	var cfg struct {
		VetxOnly   bool
		VetxOutput string
	}
	if json.Unmarshal(data, &cfg) != nil || !(cfg.VetxOnly || EVERY_CALL) {
		return
	}
	if os.WriteFile(cfg.VetxOutput, nil, 0o666) != nil {
		os.Exit(1)
	}
	os.Exit(0)
}
'''


def build_floor(tmp, every=False):
    """respbody with HOOK added through an overlay: VetxOnly calls answered
    at once, or every call (the go command's own cost) if every."""
    name = "goonly" if every else "floor"
    hook = os.path.join(tmp, f"{name}_hook.go")
    with open(hook, "w") as f:
        f.write(HOOK.replace("EVERY_CALL", "true" if every else "false"))
    overlay = os.path.join(tmp, f"{name}.json")
    with open(overlay, "w") as f:
        json.dump({"Replace": {os.path.join(large.ROOT, "cmd", "respbody", "zz_vetxfloor.go"): hook}}, f)
    out = os.path.join(tmp, f"respbody-{name}")
    subprocess.run(["go", "build", "-overlay", overlay, "-o", out, "./cmd/respbody"], cwd=large.ROOT, check=True)
    return out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bench_module(mod, tools, runs, tmp):
    res = {name: [] for name in tools}
    for i in range(runs):
        for name, path in tools.items():
            cmd = [path, "./..."]
            fresh = None
            if name != "bodyclose":
                fresh = large.fresh_binary(path, tmp)
                cmd = [fresh, "./..."]
            c0 = children_cpu()
            wall, peak, out = large.measure(cmd, mod)
            cpu = children_cpu() - c0
            if fresh:
                os.remove(fresh)
            res[name].append({"wall": wall, "cpu": cpu, "peak_mib": peak / 1024, "findings": len(large.findings(out))})
            print(f"  run {i} {name}: wall {wall:.1f} s, cpu {cpu:.1f} s, peak {peak / 1024:.0f} MiB", file=sys.stderr)
    return {name: {k: median([r[k] for r in rs]) for k in ("wall", "cpu", "peak_mib", "findings")} | {"runs": rs}
            for name, rs in res.items()}


def table(results):
    print("| module | tool | findings | first wall (s) | /bodyclose | CPU (s) | /bodyclose | peak (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    for modver, r in results.items():
        b = r["bodyclose"]
        for name, x in r.items():
            print(f"| {modver} | {name} | {x['findings']:.0f} | {x['wall']:.1f} | {x['wall'] / b['wall']:.2f} | "
                  f"{x['cpu']:.1f} | {x['cpu'] / b['cpu']:.2f} | {x['peak_mib']:.0f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modules", default=os.path.join(large.HERE, "modules-large.txt"))
    ap.add_argument("--only", default="client-go")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "respbody-large"))
    ap.add_argument("--tool", action="append", default=[], metavar="NAME=BINARY",
                    help="another respbody build to time alongside (for example a candidate skip)")
    ap.add_argument("--goonly", action="store_true",
                    help="also time a build that answers every call at once: the go command's own cost")
    ap.add_argument("--json")
    args = ap.parse_args()
    mods = large.module_list(args.modules, args.only)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        rb, bc = large.build_tools(tmp)
        tools = {"respbody": rb, "floor": build_floor(tmp)}
        if args.goonly:
            tools["goonly"] = build_floor(tmp, every=True)
        tools.update(dict(t.split("=", 1) for t in args.tool))
        tools["bodyclose"] = bc
        for m in mods:
            print(f"== {m}", file=sys.stderr)
            results[m] = bench_module(large.prepare(m, args.cache), tools, args.runs, tmp)
    table(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
