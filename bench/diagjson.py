#!/usr/bin/env python3
"""Reads the -json output of an analysis driver (one JSON object per run,
package -> analyzer -> diagnostics) and returns each diagnostic once, however
many package variants (pkg, pkg [pkg.test]) reported it.

Usage: bench/diagjson.py FILE   prints "<diagnostics> <with a suggested fix>"
"""

import json
import sys


def diagnostics(text, errors=None):
    """The diagnostics of text, each once; when errors is a list, the
    packages that failed ({"error": ...}) are appended to it as
    "pkg: error"."""
    seen, out = set(), []
    dec, i = json.JSONDecoder(), 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        for name, pkg in obj.items():
            for diags in pkg.values():
                if isinstance(diags, dict) and "error" in diags and errors is not None:
                    errors.append(f"{name}: {diags['error']}")
                if not isinstance(diags, list):
                    continue
                for d in diags:
                    key = (d["posn"], d["message"])
                    if key not in seen:
                        seen.add(key)
                        out.append(d)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ds = diagnostics(open(sys.argv[1]).read())
    print(len(ds), sum(1 for d in ds if d.get("suggested_fixes")))
