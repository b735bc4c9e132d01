"""An interrupted run ends with its one line: nothing the interruption left half-made speaks."""

from __future__ import annotations

import subprocess
import sys

from analysis import config
from analysis.run.cli import INTERRUPTED

# A run interrupted while a library was half-way through starting a kernel: a coroutine made
# and never awaited, an object whose finaliser fails; both speak when the process ends.
INTERRUPTED_RUN = """
import sys
from analysis.run import cli

class HalfMade:
    def __del__(self):
        raise AttributeError("no attribute '_ssock'")

async def start_kernel():
    pass

def interrupted(args):
    cli.left = [HalfMade(), start_kernel()]
    raise KeyboardInterrupt

cli.run = interrupted
sys.exit(cli.main(["run", "--out", sys.argv[1]]))
"""


def test_main__interrupted_run_prints_one_line_and_nothing_after(tmp_path):
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_RUN, str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == INTERRUPTED, done.stderr
