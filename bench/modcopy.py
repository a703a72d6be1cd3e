#!/usr/bin/env python3
"""Copies a module from the Go module proxy into a writable, buildable folder.

Usage: bench/modcopy.py MODULE@VERSION DEST

A module without go.mod (a +incompatible one such as docker/docker) gets one:
the requirements that a consumer of MODULE/client at that version resolves,
and its vendor folder is dropped (its modules.txt belongs to another file).
Used by bench/bench.py, scripts/fix-real-modules.sh and
scripts/run-on-module.sh.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(cmd, cwd=None, env=None):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r.stdout


def prepare(modver, dst, env=None):
    env = dict(env or os.environ, GOFLAGS="-mod=mod", GOWORK="off")
    mod, ver = modver.rsplit("@", 1)
    info = json.loads(run(["go", "mod", "download", "-json", modver], env=env))
    shutil.copytree(info["Dir"], dst)
    run(["chmod", "-R", "u+w", dst])
    if not os.path.exists(os.path.join(dst, "go.mod")):
        use = tempfile.mkdtemp(prefix="modcopy-use-")
        with open(os.path.join(use, "go.mod"), "w") as f:
            f.write("module use\n\ngo 1.23\n")
        with open(os.path.join(use, "use.go"), "w") as f:
            f.write(f'package use\n\nimport _ "{mod}/client"\n')
        run(["go", "get", modver], cwd=use, env=env)
        run(["go", "mod", "tidy"], cwd=use, env=env)
        reqs = [l for l in open(os.path.join(use, "go.mod")).read().splitlines()
                if not l.startswith(("module", "go ", "toolchain")) and f"{mod} " not in l]
        with open(os.path.join(dst, "go.mod"), "w") as f:
            f.write(f"module {mod}\n\ngo 1.23\n\n" + "\n".join(reqs) + "\n")
        shutil.copy(os.path.join(use, "go.sum"), os.path.join(dst, "go.sum"))
        shutil.rmtree(os.path.join(dst, "vendor"), ignore_errors=True)
        shutil.rmtree(use)
    subprocess.run(["go", "mod", "download"], cwd=dst, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return dst


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    prepare(sys.argv[1], sys.argv[2])
