"""A run does not pay for imports it never uses."""

from __future__ import annotations

import subprocess
import sys

from analysis import config

# What ``python -m analysis run`` imports before its first notebook, then a notebook validated.
PROBE = """
import runpy, sys
sys.argv = ["analysis", "--help"]
try:
    runpy.run_module("analysis", run_name="__main__")
except SystemExit:
    pass
import nbformat, papermill
nbformat.validate(nbformat.read("notebooks/01_clean.ipynb", as_version=4))
print("rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is not None)
"""


def test_cli__skips_the_iri_grammar_and_still_validates_notebooks():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          cwd=config.PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"
