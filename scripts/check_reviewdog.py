#!/usr/bin/env python3
"""The checks of scripts/test-reviewdog.sh, on what respbody wrote and what
reviewdog read from it.

  check_reviewdog.py check DIR SRC FIXED check DIR's logs and reviewdog's output
  check_reviewdog.py break KIND SRC DST copy SRC's logs to DST, with KIND lost
  check_reviewdog.py serve REPO POSTED PORTFILE
                                        a stand-in for GitHub's API, for
                                        -reporter=github-pr-review: serves
                                        REPO's git diff HEAD~1 as pull
                                        request 1 and appends the reviews
                                        posted to POSTED

DIR holds base.sarif (respbody -sarif before the change), head.sarif (after
it), never.sarif (after it, with -drain=never), and what reviewdog printed
for them: nofilter.jsonl and added.jsonl (-reporter=rdjsonl, -filter-mode
nofilter and added, on head.sarif), local.txt (-reporter=local, added),
never.jsonl (rdjsonl, nofilter, on never.sarif) and github.jsonl (the
reviews -reporter=github-pr-review -filter-mode=added posted).

SRC holds the module's files after the change, FIXED the same after
respbody -fix. The expected findings are those of testdata/reviewdog after
the change the script commits: keep the two in step.
"""

import json
import os
import sys

HELP = "https://github.com/respbody/respbody#what-it-reports"
FINGERPRINT = "respbody/v1"

# What reviewdog must report with -filter-mode=nofilter: path, line, column,
# rule, and whether it has a fix, which reviewdog must read as one
# suggestion that, applied to the file, gives what respbody -fix gives.
EXPECTED = [
    ("svc/added.go", 8, 15, "unclosed", True),
    ("svc/leaky.go", 16, 15, "unclosed", True),
    ("svc/leaky.go", 23, 2, "undrained", False),
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


def apply(text, suggestions):
    """Applies reviewdog's suggestions (ranges of its rdjson format: lines and
    columns from 1, a column 0 at the start the line's start, at the end its
    end) to text, last first."""
    lines = text.split("\n")

    def offset(line, col, at_end):
        before = sum(len(l) + 1 for l in lines[:line - 1])
        if col == 0:
            col = len(lines[line - 1]) + 1 if at_end else 1
        return before + col - 1

    spans = []
    for s in suggestions:
        start, end = s["range"]["start"], s["range"].get("end", {})
        a = offset(start["line"], start.get("column", 0), False)
        if end:
            b = offset(end.get("line", start["line"]), end.get("column", 0), True)
        else:  # the whole line
            b = offset(start["line"], 0, True)
        spans.append((a, b, s.get("text", "")))
    for a, b, t in sorted(spans, reverse=True):
        text = text[:a] + t + text[b:]
    return text


def check_diagnostics(name, got, want, fixes=None):
    """Checks reviewdog's diagnostics against the expected findings."""
    got_pos = [pos(d) + (d.get("code", {}).get("value"),) for d in got]
    want_pos = [(p, l, c, r) for p, l, c, r, _ in want]
    if got_pos != want_pos:
        fail(f"{name}: reviewdog reported {fmt(got_pos)}; want {fmt(want_pos)}")
        return
    for d, (path, line, col, rule, sugg_wanted) in zip(got, want):
        where = f"{name}: {path}:{line}:{col} {rule}"
        if d.get("code", {}).get("url") != HELP:
            fail(f"{where}: help link {d.get('code', {}).get('url')!r}, want {HELP!r}")
        if d.get("severity") != "WARNING":
            fail(f"{where}: severity {d.get('severity')!r}, want WARNING")
        if not d.get("message", "").startswith("resp.Body is "):
            fail(f"{where}: message {d.get('message')!r}")
        if fixes is None:
            continue
        sugg = d.get("suggestions", [])
        if not sugg:
            if sugg_wanted:
                fail(f"{where}: no suggestion; want the fix as one suggestion")
            continue
        if not sugg_wanted:
            fail(f"{where}: suggestions {sugg}, want none")
            continue
        if len(sugg) != 1:
            fail(f"{where}: {len(sugg)} suggestions; want the fix as one (reviewdog's GitHub reporters post one per comment)")
        src, fixed = fixes
        base = os.path.basename(path)
        with open(os.path.join(src, base)) as f:
            got_text = apply(f.read(), sugg)
        with open(os.path.join(fixed, base)) as f:
            want_text = f.read()
        if got_text != want_text:
            fail(f"{where}: the suggestions applied to {base} do not give what respbody -fix gives:\n{got_text}")


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


def check_github(d, src, fixed):
    """Checks the review comments reviewdog posted: one, on lines that hold
    the finding, with the help link and one suggestion that, replacing those
    lines, gives what respbody -fix gives."""
    comments = [c for r in read_jsonl(os.path.join(d, "github.jsonl")) for c in r.get("comments", [])]
    path, line = KEPT[0][0], KEPT[0][1]
    if len(comments) != 1:
        fail(f"github-pr-review: {len(comments)} comments posted, want 1, on {path}")
        return
    c = comments[0]
    first, last = c.get("start_line") or c.get("line"), c.get("line")
    where = f"github-pr-review: the comment on {c.get('path')}:{first}-{last}"
    if c.get("path") != path or not first <= line <= last:
        fail(f"{where}: want it on {path}, on lines that hold line {line}")
        return
    body = c.get("body", "")
    if f"[unclosed]({HELP})" not in body:
        fail(f"{where}: no link [unclosed]({HELP}) in {body!r}")
    if "suggestion error" in body or body.count("```suggestion\n") != 1:
        fail(f"{where}: want one suggestion and no suggestion error: {body}")
        return
    text = body.split("```suggestion\n", 1)[1].split("\n```", 1)[0]
    base = os.path.basename(path)
    with open(os.path.join(src, base)) as f:
        lines = f.read().split("\n")
    got = "\n".join(lines[:first - 1] + [text] + lines[last:])
    with open(os.path.join(fixed, base)) as f:
        if got != f.read():
            fail(f"{where}: its suggestion, replacing those lines, does not give what respbody -fix gives:\n{got}")


def serve(repo, posted, portfile):
    import subprocess
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, body, ctype="application/json"):
            b = body if isinstance(body, bytes) else body.encode()
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/repos/o/r/pulls/1" and "diff" in (self.headers.get("Accept") or ""):
                diff = subprocess.run(["git", "-C", repo, "diff", "HEAD~1"], capture_output=True, check=True).stdout
                self.reply(diff, "text/plain")
            elif path == "/repos/o/r":
                self.reply(json.dumps({"html_url": "https://github.com/o/r"}))
            else:  # the comments already posted, and anything else: none
                self.reply("[]")

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(posted, "ab") as f:
                f.write(body.replace(b"\n", b" ").strip() + b"\n" if body.strip() else b"")
            self.reply(json.dumps({"id": 1}))

    server = HTTPServer(("127.0.0.1", 0), Handler)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.server_port))
    os.rename(portfile + ".tmp", portfile)
    server.serve_forever()


def check(d, src, fixed):
    check_logs(d)
    check_diagnostics("nofilter", read_jsonl(os.path.join(d, "nofilter.jsonl")), EXPECTED, (src, fixed))
    check_diagnostics("-filter-mode=added", read_jsonl(os.path.join(d, "added.jsonl")), KEPT, (src, fixed))
    check_diagnostics("-drain=never", read_jsonl(os.path.join(d, "never.jsonl")), NEVER)
    check_github(d, src, fixed)
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
    print(f"ok: {len(EXPECTED)} findings at file:line:col with rule, help link and fix, one suggestion that applied gives -fix's result (nofilter); "
          f"{len(KEPT)} kept and {len(EXPECTED) - len(KEPT)} dropped by -filter-mode=added; "
          f"-drain=never leaves {len(NEVER)}; //nolint:respbody's finding excluded; "
          f"github-pr-review posts the kept one with its fix as one suggestion; "
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
    if len(sys.argv) == 5 and sys.argv[1] == "check":
        check(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "break":
        breaks(*sys.argv[2:])
    else:
        sys.exit(__doc__)
