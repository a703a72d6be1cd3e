#!/usr/bin/env python3
"""Matches bodyclose's findings with respbody's; used by
scripts/compare-bodyclose.sh, whose header states the rule.

Usage: scripts/compare_bodyclose.py ROOT BODYCLOSE.json RESPBODY.json

ROOT is the folder both tools ran in (file names are printed relative to
it); the JSON files are their -json outputs (one or more objects: package ->
analyzer -> diagnostics, or {"error": ...} for a package that failed).
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import diagjson  # noqa: E402

GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$", re.M)
LINE_IN_MESSAGE = re.compile(r"\blines? ((?:\d+(?:, | and )?)+)")


def findings(path):
    """Each diagnostic once (however many package variants reported it), and
    the packages' errors."""
    errors = []
    return diagjson.diagnostics(open(path).read(), errors), errors


def split_posn(posn):
    """file, line of "file:line:col"."""
    file, line, _ = posn.rsplit(":", 2)
    return file, int(line)


_lines = {}


def source(file):
    if file not in _lines:
        try:
            _lines[file] = open(file, encoding="utf-8", errors="replace").read().splitlines()
        except OSError:
            _lines[file] = []
    return _lines[file]


def function_of(file, line):
    """The line of the nearest "func " at or above line: the top-level
    function (a closure belongs to the function it is in)."""
    lines = source(file)
    for n in range(min(line, len(lines)), 0, -1):
        if lines[n - 1].startswith("func "):
            return n
    return None


def named_lines(d):
    """The lines a respbody finding names: its related positions, and "line
    N" / "lines N, M and K" in its message."""
    lines = set()
    for r in d.get("related") or []:
        lines.add(split_posn(r["posn"])[1])
    for m in LINE_IN_MESSAGE.finditer(d["message"]):
        lines.update(int(n) for n in re.findall(r"\d+", m.group(1)))
    return lines


def matches(b, r):
    bfile, bline = split_posn(b["posn"])
    rfile, rline = split_posn(r["posn"])
    if bfile != rfile:
        return False
    if bline == rline:
        return True
    return (r.get("category") == "unclosed"
            and function_of(bfile, bline) == function_of(rfile, rline) is not None
            and bline in named_lines(r))


def show(root, d, note=""):
    file, line = split_posn(d["posn"])
    rel = os.path.relpath(os.path.realpath(file), root) if os.path.isabs(file) else file
    return f"  {rel}:{line}: {d['message']}{note}"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root = os.path.realpath(sys.argv[1])
    bodyclose, berrs = findings(sys.argv[2])
    respbody, rerrs = findings(sys.argv[3])
    for name, errs in (("bodyclose", berrs), ("respbody", rerrs)):
        for e in errs:
            print(f"{name}: error: {e}", file=sys.stderr)

    def order(d):
        f, l = split_posn(d["posn"])
        return f, l, d["message"]

    bodyclose.sort(key=order)
    respbody.sort(key=order)
    matched_r = set()
    both, only_b = [], []
    for b in bodyclose:
        rs = [i for i, r in enumerate(respbody) if matches(b, r)]
        if rs:
            both.append((b, [respbody[i] for i in rs]))
            matched_r.update(rs)
        else:
            only_b.append(b)
    only_r = [r for i, r in enumerate(respbody) if i not in matched_r and r.get("category") != "undrained"]
    undrained = [r for i, r in enumerate(respbody) if i not in matched_r and r.get("category") == "undrained"]

    print(f"only bodyclose: {len(only_b)}")
    for b in only_b:
        gen = GENERATED.search("\n".join(source(split_posn(b["posn"])[0])))
        print(show(root, b, " [generated file]" if gen else ""))
    print(f"only respbody: {len(only_r)}")
    for r in only_r:
        print(show(root, r))
    print(f"respbody's undrained findings (no bodyclose rule): {len(undrained)}")
    for r in undrained:
        print(show(root, r))
    print(f"both report: {len(both)} bodyclose findings, matched by {len(matched_r)} respbody findings")
    for b, rs in both:
        at = ", ".join(f"{r.get('category')} at line {split_posn(r['posn'])[1]}" for r in rs)
        print(show(root, b, f" (respbody: {at})"))
    print(f"summary: both {len(both)}, only bodyclose {len(only_b)}, only respbody {len(only_r)}, "
          f"respbody undrained {len(undrained)} (bodyclose {len(bodyclose)} findings, respbody {len(respbody)})")


if __name__ == "__main__":
    main()
