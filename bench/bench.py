#!/usr/bin/env python3
"""Benchmark respbody against bodyclose and a floor, on real modules.

For each module of bench/modules.txt (copied from the Go module proxy), runs
through the same driver (singlechecker, tests included):

  respbody   this checkout's analyzer
  bodyclose  github.com/timakin/bodyclose at BODYCLOSE_VERSION, from the proxy
  floor      bench/floor: a no-op analyzer with respbody's requirements

and prints findings, wall time and peak memory (median of --runs runs) with a
warm build cache and with a cold one (a new, empty GOCACHE per run), and the
ratios respbody/bodyclose and respbody/floor. Then the same under
`go vet -vettool` against plain `go vet` (median of --vet-runs; cold: empty
GOCACHE; warm: GOCACHE holding the compiled packages but no vet results).
Runs take turns between the tools. A full run takes about an hour on two
cores; --no-vet about 15 minutes.

Usage: bench/bench.py [--runs 5] [--vet-runs 3] [--modules bench/modules.txt] [--no-cold]
                      [--no-vet] [--only SUBSTRING] [--json out.json]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import diagjson
import modcopy

HERE = os.path.dirname(os.path.abspath(__file__))
# The bodyclose every comparison runs (scripts/ read the same file).
BODYCLOSE_VERSION = open(os.path.join(HERE, "bodyclose.version")).read().strip()
ROOT = os.path.dirname(HERE)


def sh(cmd, cwd=None, env=None, check=True):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r


def measure(cmd, cwd, env):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS MiB, stdout)."""
    tf = tempfile.NamedTemporaryFile(delete=False)
    tf.close()
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd,
                       cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    with open(tf.name) as f:
        rss = int(f.read().strip().splitlines()[-1]) / 1024
    os.unlink(tf.name)
    return wall, rss, r


def count_findings(stdout):
    """Unique diagnostics of -json output: total, in test files, and the
    (position, message) pairs."""
    seen = sorted((d["posn"], d["message"]) for d in diagjson.diagnostics(stdout))
    test = sum(1 for p, _ in seen if re.search(r"_test\.go:", p))
    return len(seen), test, seen


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--vet-runs", type=int, default=3)
    ap.add_argument("--modules", default=os.path.join(HERE, "modules.txt"))
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--no-vet", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--json", default="")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="respbody-bench-")
    env = dict(os.environ, GOFLAGS="-mod=mod", GOWORK="off")
    bins = os.path.join(work, "bin")
    os.makedirs(bins)
    sh(["go", "build", "-o", os.path.join(bins, "respbody"), "./cmd/respbody"], cwd=ROOT, env=env)
    sh(["go", "build", "-o", os.path.join(bins, "floor"), "./bench/floor"], cwd=ROOT, env=env)
    sh(["go", "install", f"github.com/timakin/bodyclose@{BODYCLOSE_VERSION}"],
       env=dict(env, GOBIN=bins, GOFLAGS=""))
    tools = {t: os.path.join(bins, t) for t in ("respbody", "bodyclose", "floor")}

    modules = []
    for line in open(args.modules):
        line = line.split("#")[0].strip()
        if line and args.only in line:
            modver, pattern = line.split()
            modules.append((modver, pattern))

    results = []
    for modver, pattern in modules:
        mod, ver = modver.rsplit("@", 1)
        print(f"== {modver}", file=sys.stderr, flush=True)
        dst = modcopy.prepare(modver, os.path.join(work, mod.replace("/", "_")), env)
        row = {"module": modver, "pattern": pattern}
        for name, path in tools.items():
            # Findings, and a warm-up that fills the build cache.
            _, _, r = measure([path, "-json", pattern], dst, env)
            if r.returncode not in (0,):
                print(f"   {name}: exit {r.returncode}: {r.stderr[-500:]}", file=sys.stderr)
            total, test, diags = count_findings(r.stdout)
            row[name] = {"findings": total, "test_findings": test, "exit": r.returncode,
                         "diagnostics": diags if name != "floor" else []}
        # Runs take turns between the tools, so that a slow spell of the
        # machine costs all three alike.
        modes = [("warm", lambda: env)]
        if not args.no_cold:
            modes.append(("cold", lambda: dict(env, GOCACHE=tempfile.mkdtemp(prefix="gocache-", dir=work))))
        for mode, mkenv in modes:
            samples = {name: ([], []) for name in tools}
            for _ in range(args.runs):
                for name, path in tools.items():
                    e = mkenv()
                    w, m, _ = measure([path, pattern], dst, e)
                    if e is not env:
                        shutil.rmtree(e["GOCACHE"], ignore_errors=True)
                    samples[name][0].append(w)
                    samples[name][1].append(m)
            for name, (walls, rss) in samples.items():
                row[name][mode] = {"wall": median(walls), "rss": median(rss)}
        if not args.no_vet:
            row["vet"] = vet_bench(dst, pattern, tools, env, work, args)
        results.append(row)
        shutil.rmtree(dst, ignore_errors=True)

    print_tables(results, not args.no_cold, not args.no_vet)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    shutil.rmtree(work, ignore_errors=True)


def vet_bench(dst, pattern, tools, env, work, args):
    """go vet (plain, -vettool=respbody, -vettool=bodyclose), cold and warm."""
    # A template cache with the packages compiled (build and test
    # dependencies) but no vet results.
    template = tempfile.mkdtemp(prefix="gocache-vet-", dir=work)
    tenv = dict(env, GOCACHE=template)
    sh(["go", "build", pattern], cwd=dst, env=tenv, check=False)
    sh(["go", "test", "-vet=off", "-run", "^$", "-count=1", pattern], cwd=dst, env=tenv, check=False)
    variants = {"go vet": [], "respbody": ["-vettool=" + tools["respbody"]],
                "bodyclose": ["-vettool=" + tools["bodyclose"]]}
    out = {name: {} for name in variants}
    for kind in ("cold", "warm"):
        samples = {name: ([], []) for name in variants}
        for _ in range(args.vet_runs):
            for name, flags in variants.items():
                cache = os.path.join(work, "gocache-run")
                shutil.rmtree(cache, ignore_errors=True)
                if kind == "warm":
                    shutil.copytree(template, cache)
                else:
                    os.makedirs(cache)
                w, m, r = measure(["go", "vet"] + flags + [pattern], dst, dict(env, GOCACHE=cache))
                samples[name][0].append(w)
                samples[name][1].append(m)
                out[name]["exit"] = r.returncode
        for name, (walls, rss) in samples.items():
            out[name][kind] = {"wall": median(walls), "rss": median(rss)}
    shutil.rmtree(template, ignore_errors=True)
    return out


def print_tables(results, cold, vet):
    print("\n## Standalone driver (singlechecker), tests included; median of runs\n")
    print("| module | findings r / b | warm wall r / b / f (s) | r/b | r/f | warm peak r / b / f (MiB) | r/b | r/f |"
          + (" cold wall r / b / f (s) | r/b | r/f | cold peak r / b / f (MiB) | r/b | r/f |" if cold else ""))
    print("|---" * (9 + (8 if cold else 0)) + "|")
    tot = {}
    for row in results:
        r, b, f = row["respbody"], row["bodyclose"], row["floor"]
        cells = [row["module"], f"{r['findings']} / {b['findings']}"]
        for kind in ["warm"] + (["cold"] if cold else []):
            rw, bw, fw = r[kind]["wall"], b[kind]["wall"], f[kind]["wall"]
            rm, bm, fm = r[kind]["rss"], b[kind]["rss"], f[kind]["rss"]
            for k, v in (("rw", rw), ("bw", bw), ("fw", fw), ("rm", rm), ("bm", bm), ("fm", fm)):
                tot[kind + k] = tot.get(kind + k, 0) + v
            cells += [f"{rw:.2f} / {bw:.2f} / {fw:.2f}", f"{ratio(rw, bw):.2f}", f"{ratio(rw, fw):.2f}",
                      f"{rm:.0f} / {bm:.0f} / {fm:.0f}", f"{ratio(rm, bm):.2f}", f"{ratio(rm, fm):.2f}"]
        print("| " + " | ".join(cells) + " |")
    cells = ["total", f"{sum(x['respbody']['findings'] for x in results)} / {sum(x['bodyclose']['findings'] for x in results)}"]
    for kind in ["warm"] + (["cold"] if cold else []):
        g = lambda k: tot[kind + k]
        cells += [f"{g('rw'):.2f} / {g('bw'):.2f} / {g('fw'):.2f}", f"{ratio(g('rw'), g('bw')):.2f}", f"{ratio(g('rw'), g('fw')):.2f}",
                  f"{g('rm'):.0f} / {g('bm'):.0f} / {g('fm'):.0f}", f"{ratio(g('rm'), g('bm')):.2f}", f"{ratio(g('rm'), g('fm')):.2f}"]
    print("| " + " | ".join(cells) + " |")
    if not vet:
        return
    print("\n## go vet -vettool, median of runs (warm: packages compiled, no vet results cached)\n")
    print("| module | warm wall vet / r / b (s) | r/vet | r/b | warm peak vet / r / b (MiB) | cold wall vet / r / b (s) | r/vet | r/b | cold peak vet / r / b (MiB) |")
    print("|---" * 9 + "|")
    for row in results:
        v = row["vet"]
        cells = [row["module"]]
        for kind in ("warm", "cold"):
            a, r, b = v["go vet"][kind], v["respbody"][kind], v["bodyclose"][kind]
            cells += [f"{a['wall']:.2f} / {r['wall']:.2f} / {b['wall']:.2f}",
                      f"{ratio(r['wall'], a['wall']):.2f}", f"{ratio(r['wall'], b['wall']):.2f}",
                      f"{a['rss']:.0f} / {r['rss']:.0f} / {b['rss']:.0f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
