#!/usr/bin/env python3
"""Benchmark respbody's routes on large modules, against bodyclose.

For each module of bench/modules-large.txt (copied from the Go module proxy,
built once so that the build cache holds its compiled packages, and vetted
once with plain `go vet` so that it holds the test variants too), measures
with tests included:

  default   respbody ./...           (respbody's driver on go list -export: export
                                      data from the build cache, dependencies
                                      analyzed when a fact about them is needed,
                                      facts and findings in respbody's cache)
  inproc    respbody -inprocess ./... (x/tools' checker: every dependency from source)
  vettool   go vet -vettool=<respbody binary> ./... (with --vettool: the go vet
                                      route, first run only)
  bodyclose bodyclose ./...          (its own singlechecker; no facts, so only
                                      the roots are loaded from source)

and, for the default route, three situations:

  first     a respbody build not seen before (a copy of the binary with a
            different content hash, so no cached result or fact applies):
            the cost once per respbody build
  rerun     the same command again, nothing changed
  edit      after appending a comment to one file of a leaf package (one
            that no other package of the module imports)

Wall time and peak memory are medians of --runs runs taking turns between
the tools. Peak memory is the largest sum of the resident sizes of the
command and all its descendants, sampled every 20 ms (the go vet route runs
a process per package, several at once; a single maximum RSS would hide
that).

With --golangci BINARY (a golangci-lint built with the plugin: run
`RESPBODY_GOLANGCI_OUT=/tmp/gcl scripts/test-golangci-plugin.sh` to keep
the one the plugin test builds), also times `golangci-lint run` with only
respbody enabled against only the built-in bodyclose, tests off, cold
(after `golangci-lint cache clean`, and with respbody's own cache empty) and
warm.

Usage: bench/large.py [--runs 3] [--only SUBSTRING] [--golangci BIN] [--no-inproc] [--vettool] [--json out.json]
       bench/large.py --tables a.json b.json   (print the tables of earlier runs)
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import modcopy
from bench import BODYCLOSE_VERSION, median

os.environ["GOWORK"] = "off"  # a module copy may hold a go.work of its repository

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def tree_rss(pid):
    """The resident size (KiB) of pid and all its descendants."""
    children = {}
    rss = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            ppid = int(st[st.rindex(")") + 2:].split()[1])
            with open(f"/proc/{d}/statm") as f:
                rss[int(d)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            children.setdefault(ppid, []).append(int(d))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def measure(cmd, cwd, env=None):
    """Runs cmd; returns (wall seconds, peak KiB of the process tree, stdout+stderr)."""
    t0 = time.monotonic()
    out = tempfile.TemporaryFile()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(p.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample)
    th.start()
    p.wait()
    wall = time.monotonic() - t0
    done.set()
    th.join()
    out.seek(0)
    return wall, peak, out.read().decode(errors="replace")


def findings(output):
    """The unique primary findings in a text output (not the related lines)."""
    seen = set()
    for line in output.splitlines():
        parts = line.split(": ", 1)
        if len(parts) == 2 and ".go:" in parts[0] and not parts[1].startswith("\t"):
            seen.add(line)
    return seen


def leaf_file(mod):
    """A non-test Go file of a package of the module that no other package of it imports."""
    out = subprocess.run(["go", "list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \",\"}}\t{{join .Imports \",\"}}", "./..."],
                         cwd=mod, capture_output=True, text=True, check=True).stdout
    pkgs, imported = [], set()
    for line in out.splitlines():
        path, d, files, imports = line.split("\t")
        pkgs.append((path, d, files))
        imported.update(imports.split(","))
    for path, d, files in sorted(pkgs):
        if path not in imported and files:
            return os.path.join(d, files.split(",")[0])
    sys.exit(f"{mod}: no leaf package")


def fresh_binary(src, tmp):
    """A copy of src whose content hash (and so its vet cache key) is new."""
    dst = os.path.join(tmp, f"respbody-{random.getrandbits(64):016x}")
    shutil.copy(src, dst)
    with open(dst, "ab") as f:
        f.write(os.urandom(16))
    return dst


def build_tools(tmp):
    rb = os.path.join(tmp, "respbody")
    subprocess.run(["go", "build", "-o", rb, "./cmd/respbody"], cwd=ROOT, check=True)
    env = dict(os.environ, GOBIN=tmp, GOFLAGS="-mod=mod")
    subprocess.run(["go", "install", f"github.com/timakin/bodyclose@{BODYCLOSE_VERSION}"], cwd=tmp, env=env, check=True,
                   capture_output=True)
    return rb, os.path.join(tmp, "bodyclose")


def prepare(modver, cache):
    """The module's copy under cache, with its packages and (go vet) test
    variants compiled."""
    mod = os.path.join(cache, modver.replace("/", "_"))
    if not os.path.isdir(mod):
        modcopy.prepare(modver, mod)
    subprocess.run(["go", "build", "./..."], cwd=mod, capture_output=True)
    subprocess.run(["go", "vet", "./..."], cwd=mod, capture_output=True)  # test variants compiled
    return mod


def module_list(path, only):
    """The modules listed in path (comments dropped) whose name holds only."""
    mods = [m.split("#")[0].strip() for m in open(path)]
    return [m for m in mods if m and (not only or only in m)]


def bench_module(modver, args, rb, bc, tmp):
    mod = prepare(modver, args.cache)
    npkgs = len(subprocess.run(["go", "list", "-deps", "-test", "./..."], cwd=mod, capture_output=True,
                               text=True).stdout.split())
    leaf = leaf_file(mod)
    with open(leaf, "rb") as f:
        original = f.read()
    r = {"module": modver, "deps": npkgs, "route": "go list"}
    res = {k: [] for k in ("first", "rerun", "edit", "inproc", "bodyclose", "vettool")}
    out = {}
    try:
        for i in range(args.runs):
            fb = fresh_binary(rb, tmp)
            res["first"].append(measure([fb, "./..."], mod)[:2])
            w, m, o = measure([fb, "./..."], mod)
            res["rerun"].append((w, m))
            out["default"] = o
            with open(leaf, "ab") as f:
                f.write(f"\n// edited by bench/large.py {i}\n".encode())
            res["edit"].append(measure([fb, "./..."], mod)[:2])
            with open(leaf, "wb") as f:
                f.write(original)
            if args.vettool:
                res["vettool"].append(measure(["go", "vet", "-vettool=" + fb, "./..."], mod)[:2])
            os.remove(fb)
            if not args.no_inproc:
                w, m, o = measure([rb, "-inprocess", "./..."], mod)
                res["inproc"].append((w, m))
                out["inproc"] = o
            w, m, o = measure([bc, "./..."], mod)
            res["bodyclose"].append((w, m))
            out["bodyclose"] = o
    finally:
        with open(leaf, "wb") as f:
            f.write(original)
    for k, v in res.items():
        if not v:
            continue
        r[k] = {"wall": median([x[0] for x in v]), "peak_mib": median([x[1] for x in v]) / 1024}
    r["findings"] = {k: len(findings(o)) for k, o in out.items()}
    if "inproc" in out:
        r["same_findings"] = findings(out["default"]) == findings(out["inproc"])
    if args.golangci:
        r["golangci"] = bench_golangci(mod, args)
    return r


GCL_CONFIG = {
    "respbody": "version: \"2\"\nrun:\n  tests: false\nlinters:\n  default: none\n  enable:\n    - respbody\n"
                "  settings:\n    custom:\n      respbody:\n        type: module\n        description: response bodies\n",
    "bodyclose": "version: \"2\"\nrun:\n  tests: false\nlinters:\n  default: none\n  enable:\n    - bodyclose\n",
}


def bench_golangci(mod, args):
    res = {}
    for lint, conf in GCL_CONFIG.items():
        path = os.path.join(tempfile.gettempdir(), f"gcl-{lint}.yml")
        with open(path, "w") as f:
            f.write(conf)
    for mode in ("cold", "warm"):
        for lint in GCL_CONFIG:
            res.setdefault(f"{lint}_{mode}", [])
    for i in range(args.runs):
        for lint in GCL_CONFIG:
            cfg = os.path.join(tempfile.gettempdir(), f"gcl-{lint}.yml")
            subprocess.run([args.golangci, "cache", "clean"], cwd=mod, capture_output=True)
            # Cold for respbody's own cache too (the plugin's facts: go-list).
            env = dict(os.environ, RESPBODY_CACHE=tempfile.mkdtemp(prefix="gcl-respbody-cache-"))
            w, m, o = measure([args.golangci, "run", "-c", cfg, "./..."], mod, env)
            res[f"{lint}_cold"].append((w, m, o))
            w, m, o = measure([args.golangci, "run", "-c", cfg, "./..."], mod, env)
            res[f"{lint}_warm"].append((w, m, o))
            shutil.rmtree(env["RESPBODY_CACHE"], ignore_errors=True)
    out = {}
    for k, v in res.items():
        n = sum(1 for line in v[-1][2].splitlines() if ".go:" in line and f"({k.split('_')[0]})" in line)
        out[k] = {"wall": median([x[0] for x in v]), "peak_mib": median([x[1] for x in v]) / 1024, "findings": n}
    return out


def table(results):
    print("## Default command against the in-process route and bodyclose, tests included\n")
    print("| module | route | packages (deps, tests) | findings default / in-process / bodyclose | first wall (s) | rerun | rerun/first | "
          "edit | edit/first | in-process wall | bodyclose wall | first/bodyclose | first peak (MiB) | in-process peak | "
          "bodyclose peak | first peak/bodyclose | go vet route first wall / peak |")
    print("|" + "---|" * 17)
    for r in results:
        f, b, ip = r["first"], r["bodyclose"], r.get("inproc", {"wall": float("nan"), "peak_mib": float("nan")})
        fi = r["findings"]
        gv = r.get("vettool") or r.get("govet")  # "govet" in outputs of before the rename
        gvs = f"{gv['wall']:.1f} / {gv['peak_mib']:.0f}" if gv else "-"
        print(f"| {r['module']} | {r.get('route', 'go vet')} | {r['deps']} | {fi.get('default')} / {fi.get('inproc', '-')} / {fi.get('bodyclose')} | "
              f"{f['wall']:.1f} | {r['rerun']['wall']:.1f} | {r['rerun']['wall'] / f['wall']:.2f} | "
              f"{r['edit']['wall']:.1f} | {r['edit']['wall'] / f['wall']:.2f} | {ip['wall']:.1f} | {b['wall']:.1f} | "
              f"{f['wall'] / b['wall']:.2f} | {f['peak_mib']:.0f} | {ip['peak_mib']:.0f} | {b['peak_mib']:.0f} | "
              f"{f['peak_mib'] / b['peak_mib']:.2f} | {gvs} |")
    if any("golangci" in r for r in results):
        print("\n## golangci-lint, one linter enabled, tests off\n")
        print("| module | findings r / b | cold wall r / b (s) | r/b | cold peak r / b (MiB) | r/b | warm wall r / b (s) | r/b | "
              "warm peak r / b (MiB) | r/b |")
        print("|" + "---|" * 10)
        for r in results:
            g = r.get("golangci")
            if not g:
                continue
            rc, bc, rw, bw = g["respbody_cold"], g["bodyclose_cold"], g["respbody_warm"], g["bodyclose_warm"]
            print(f"| {r['module']} | {rc['findings']} / {bc['findings']} | {rc['wall']:.1f} / {bc['wall']:.1f} | "
                  f"{rc['wall'] / bc['wall']:.2f} | {rc['peak_mib']:.0f} / {bc['peak_mib']:.0f} | "
                  f"{rc['peak_mib'] / bc['peak_mib']:.2f} | {rw['wall']:.1f} / {bw['wall']:.1f} | {rw['wall'] / bw['wall']:.2f} | "
                  f"{rw['peak_mib']:.0f} / {bw['peak_mib']:.0f} | {rw['peak_mib'] / bw['peak_mib']:.2f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modules", default=os.path.join(HERE, "modules-large.txt"))
    ap.add_argument("--only")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "respbody-large"))
    ap.add_argument("--golangci")
    ap.add_argument("--no-inproc", action="store_true", help="skip the in-process route (slow on the largest modules)")
    ap.add_argument("--vettool", "--govet", dest="vettool", action="store_true",
                    help="also time the go vet route's first run, go vet -vettool=<respbody binary> (slow); "
                         "--govet is its old name (not respbody's retired -govet flag)")
    ap.add_argument("--json")
    ap.add_argument("--tables", nargs="+", metavar="JSON", help="print the tables of earlier --json outputs, and run nothing")
    args = ap.parse_args()
    if args.tables:
        results = []
        for path in args.tables:
            with open(path) as f:
                results.extend(json.load(f))
        table(results)
        return
    os.makedirs(args.cache, exist_ok=True)
    mods = module_list(args.modules, args.only)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RESPBODY_CACHE"] = os.path.join(tmp, "cache")  # the default route's cache: the bench's own
        rb, bc = build_tools(tmp)
        results = []
        for m in mods:
            print(f"== {m}", file=sys.stderr)
            results.append(bench_module(m, args, rb, bc, tmp))
            print(json.dumps(results[-1]), file=sys.stderr)
            if args.json:  # as it goes: a later module may fail
                with open(args.json, "w") as f:
                    json.dump(results, f, indent=1)
    table(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
