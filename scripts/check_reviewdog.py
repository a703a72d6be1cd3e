#!/usr/bin/env python3
"""The checks of scripts/test-reviewdog.sh, on what respbody wrote and what
reviewdog read from it.

  check_reviewdog.py check DIR          check DIR's logs and reviewdog's output
  check_reviewdog.py break KIND SRC DST copy SRC's logs to DST, with KIND lost

DIR holds base.sarif (respbody -sarif before the change), head.sarif (after
it), never.sarif (after it, with -drain=never), and what reviewdog printed
for them: nofilter.jsonl and added.jsonl (-reporter=rdjsonl, -filter-mode
nofilter and added, on head.sarif), local.txt (-reporter=local, added) and
never.jsonl (rdjsonl, nofilter, on never.sarif).

The expected findings are those of testdata/reviewdog after the change the
script commits: keep the two in step.
"""

import json
import os
import sys

HELP = "https://github.com/respbody/respbody#what-it-reports"
FINGERPRINT = "respbody/v1"
DEFER = "\n\tdefer func(body io.ReadCloser) {\n\t\t_, _ = io.CopyN(io.Discard, body, 256<<10)\n\t\t_ = body.Close()\n\t}(resp.Body)"

# What reviewdog must report with -filter-mode=nofilter: path, line, column,
# rule, and the suggestions (line, column, text) it must read from the fix,
# in order; None for a finding without a fix.
EXPECTED = [
    ("svc/added.go", 8, 15, "unclosed", [
        (3, 0, 'import (\n\t"io"\n\t"net/http"\n)'),
        (11, 3, DEFER),
    ]),
    ("svc/leaky.go", 17, 15, "unclosed", [
        (8, 2, '"io"\n\t'),
        (20, 3, DEFER),
        (24, 0, ""),  # deletes the undrained close, lines 24 to 25:1
    ]),
    ("svc/leaky.go", 24, 2, "undrained", None),
]
# What -filter-mode=added keeps: the finding in the file the change added;
# leaky.go's findings only moved.
KEPT = [EXPECTED[0]]
# What -drain=never leaves: no undrained finding.
NEVER = [e for e in EXPECTED if e[3] != "undrained"]
# The findings that move by MOVED lines between base and head.
MOVED = 3

failures = []


def fail(msg):
    failures.append(msg)


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_log(path):
    with open(path) as f:
        return json.load(f)


def pos(d):
    loc = d.get("location", {})
    start = loc.get("range", {}).get("start", {})
    return loc.get("path"), start.get("line", 0), start.get("column", 0)


def check_diagnostics(name, got, want, fixes=True):
    """Checks reviewdog's diagnostics against the expected findings."""
    got_pos = [pos(d) + (d.get("code", {}).get("value"),) for d in got]
    want_pos = [(p, l, c, r) for p, l, c, r, _ in want]
    if got_pos != want_pos:
        fail(f"{name}: reviewdog reported {fmt(got_pos)}; want {fmt(want_pos)}")
        return
    for d, (path, line, col, rule, sugg) in zip(got, want):
        where = f"{name}: {path}:{line}:{col} {rule}"
        if d.get("code", {}).get("url") != HELP:
            fail(f"{where}: help link {d.get('code', {}).get('url')!r}, want {HELP!r}")
        if d.get("severity") != "WARNING":
            fail(f"{where}: severity {d.get('severity')!r}, want WARNING")
        if not d.get("message", "").startswith("resp.Body is "):
            fail(f"{where}: message {d.get('message')!r}")
        if not fixes:
            continue
        got_s = [(s["range"]["start"].get("line", 0), s["range"]["start"].get("column", 0), s.get("text", ""))
                 for s in d.get("suggestions", [])]
        if got_s != (sugg or []):
            fail(f"{where}: suggestions {got_s!r}; want {sugg or []!r} (the fix, as reviewdog reads it)")


def fmt(ps):
    return ", ".join(f"{p}:{l}:{c} {r}" for p, l, c, r in ps) or "nothing"


def results(log):
    runs = log.get("runs", [])
    if len(runs) != 1:
        fail(f"{len(runs)} runs in the log, want 1")
    return runs[0].get("results", []) if runs else []


def key(r):
    pl = r["locations"][0]["physicalLocation"]
    return pl["artifactLocation"]["uri"], pl["region"]["startLine"], r.get("ruleId")


def check_logs(d):
    base, head = read_log(os.path.join(d, "base.sarif")), read_log(os.path.join(d, "head.sarif"))
    for name, log in (("base.sarif", base), ("head.sarif", head)):
        for run in log.get("runs", []):
            # upload-sarif's category fills runAutomationDetails.id only
            # where the log has none: respbody leaves it to the upload.
            if "automationDetails" in run:
                fail(f"{name}: the run has automationDetails {run['automationDetails']}: upload-sarif's category would be ignored")
            rules = {r["id"]: r.get("helpUri") for r in run["tool"]["driver"]["rules"]}
            if rules != {"unclosed": HELP, "undrained": HELP}:
                fail(f"{name}: rules and help links {rules}, want unclosed and undrained, both {HELP}")
    # The findings of leaky.go moved MOVED lines down and kept their rule
    # and fingerprint.
    before = {key(r): r for r in results(base)}
    after = {key(r): r for r in results(head)}
    for (uri, line, rule), r in before.items():
        moved = after.get((uri, line + MOVED, rule))
        fp = r.get("partialFingerprints", {}).get(FINGERPRINT)
        if not fp:
            fail(f"base.sarif: {uri}:{line} {rule} has no partialFingerprints[{FINGERPRINT!r}]")
        elif moved is None:
            fail(f"head.sarif: no {rule} result at {uri}:{line + MOVED} (base.sarif's {uri}:{line}, moved {MOVED} lines)")
        elif moved.get("partialFingerprints", {}).get(FINGERPRINT) != fp:
            fail(f"{uri}:{line} {rule}: fingerprint {fp} changed to "
                 f"{moved.get('partialFingerprints', {}).get(FINGERPRINT)} when the lines moved {MOVED} down")
    if len(before) != 2:
        fail(f"base.sarif: {len(before)} results, want leaky.go's two")
    for r in results(head):
        if "suppressed.go" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]:
            fail(f"head.sarif: a result in suppressed.go, whose //nolint:respbody excludes it")
    fps = [r.get("partialFingerprints", {}).get(FINGERPRINT) for r in results(head)]
    if len(set(fps)) != len(fps):
        fail(f"head.sarif: fingerprints not distinct: {fps}")


def check(d):
    check_logs(d)
    check_diagnostics("nofilter", read_jsonl(os.path.join(d, "nofilter.jsonl")), EXPECTED)
    check_diagnostics("-filter-mode=added", read_jsonl(os.path.join(d, "added.jsonl")), KEPT)
    check_diagnostics("-drain=never", read_jsonl(os.path.join(d, "never.jsonl")), NEVER, fixes=False)
    # -reporter=local prints each kept result as respbody wrote it.
    with open(os.path.join(d, "local.txt")) as f:
        local = [json.loads(line) for line in f if line.strip()]
    got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]) for r in local]
    if got != [("added.go", "unclosed")]:
        fail(f"-reporter=local -filter-mode=added printed {got}, want added.go's unclosed result")
    if failures:
        for m in failures:
            print("FAIL:", m)
        sys.exit(1)
    print(f"ok: {len(EXPECTED)} findings at file:line:col with rule, help link and fix (nofilter); "
          f"{len(KEPT)} kept and {len(EXPECTED) - len(KEPT)} dropped by -filter-mode=added; "
          f"-drain=never leaves {len(NEVER)}; //nolint:respbody's finding excluded; "
          f"fingerprints unchanged after the findings moved {MOVED} lines")


def breaks(kind, src, dst):
    """Copies src's logs to dst with one thing lost."""
    logs = {n: read_log(os.path.join(src, n)) for n in ("base.sarif", "head.sarif", "never.sarif")}
    head = logs["head.sarif"]["runs"][0]
    first = head["results"][0]  # added.go's finding
    if kind == "finding":
        del head["results"][0]
    elif kind == "column":
        first["locations"][0]["physicalLocation"]["region"]["startColumn"] += 1
    elif kind == "rule":
        first["ruleId"] = "undrained"
    elif kind == "helplink":
        for r in head["tool"]["driver"]["rules"]:
            r["helpUri"] = "https://github.com/respbody/respbody#rules"
    elif kind == "fix":
        del first["fixes"]
    elif kind == "fingerprint":
        for r in head["results"]:
            r["partialFingerprints"] = {FINGERPRINT: r["partialFingerprints"][FINGERPRINT][::-1]}
    elif kind == "exclusion":
        leak = json.loads(json.dumps(first))
        leak["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "suppressed.go"
        head["results"].append(leak)
    elif kind == "flag":
        logs["never.sarif"] = logs["head.sarif"]
    else:
        sys.exit(f"unknown kind {kind}")
    for n, log in logs.items():
        with open(os.path.join(dst, n), "w") as f:
            json.dump(log, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "break":
        breaks(*sys.argv[2:])
    else:
        sys.exit(__doc__)
