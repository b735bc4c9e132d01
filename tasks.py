"""Set up the environment and run the pipeline or the tests: needs only Python 3.11+ and pip.

    python tasks.py run [ARGS...]   set up, then `python -m analysis run ARGS...`
    python tasks.py test [ARGS...]  set up, then lint and every test (pytest ARGS...)
    python tasks.py setup           only set up
    python tasks.py notebooks       re-execute the committed notebooks in place (stored outputs)

Set-up is idempotent: a virtual environment in .venv with the locked packages
(requirements.lock), the project installed in it, the notebooks' kernel registered, and
Debian's chromium and Liberation fonts for static chart export (installed with apt-get
when run as root).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock-sha256"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHROMIUM_HELP = ("Chromium was not found and could not be installed: PNG/SVG export and the "
                 "browser test need it. On Debian/Ubuntu run 'sudo apt-get install -y chromium' "
                 "(or set BROWSER_PATH to a Chrome binary). HTML charts are still written.")


def _say(message: str) -> None:
    print(f"[tasks] {message}", file=sys.stderr, flush=True)


def _call(*command: str | Path, **kwargs) -> None:
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def ensure_venv() -> None:
    """Create .venv and install the locked packages when the lock file changed."""
    if not PYTHON.exists():
        _say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _say("installing locked packages (requirements.lock)")
    pip = [PYTHON, "-m", "pip", "--disable-pip-version-check", "-q"]
    _call(*pip, "install", "-r", LOCK)
    _call(*pip, "install", "--no-deps", "-e", ROOT)
    _call(PYTHON, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
          "--display-name", "Python 3 (analysis)", stdout=subprocess.DEVNULL)
    STAMP.write_text(wanted + "\n")


def _has_liberation_fonts() -> bool:
    """True when fontconfig resolves the charts' and report's fonts to the Liberation files."""
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "-f", "%{file}", "Liberation Sans"],
                           capture_output=True, text=True, check=False).stdout
    return "Liberation" in found


def ensure_system_packages() -> bool:
    """Install Debian's chromium and Liberation fonts when missing and possible.

    The charts and the report name Liberation Sans and Serif: with the same fonts and
    the same Chromium, two machines render the same PNG, SVG and PDF bytes. Returns
    True when a browser is there.
    """
    has_browser = bool(os.environ.get("BROWSER_PATH") or shutil.which("chromium"))
    missing = [package for package, present in (("chromium", has_browser),
                                                 ("fonts-liberation", _has_liberation_fonts()))
               if not present]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        _say(f"installing Debian's {' and '.join(missing)} (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            _call("apt-get", "update", "-qq", env=env, stdout=subprocess.DEVNULL)
            _call("apt-get", "install", "-y", "-qq", *missing, env=env,
                  stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            pass
    if not _has_liberation_fonts():
        _say("Liberation fonts not found: charts fall back to another sans-serif font "
             "(on Debian/Ubuntu: 'sudo apt-get install -y fonts-liberation')")
    if os.environ.get("BROWSER_PATH") or shutil.which("chromium"):
        return True
    _say(CHROMIUM_HELP)
    return False


def setup() -> None:
    """Everything the pipeline and the tests need."""
    ensure_venv()
    ensure_system_packages()


def run(args: list[str]) -> int:
    """Set up, then run the pipeline with the given arguments."""
    setup()
    return subprocess.run([str(PYTHON), "-m", "analysis", "run", *args], cwd=ROOT).returncode


def test(args: list[str]) -> int:
    """Set up, then lint (ruff, import layers, the CI workflow) and run every test and notebook."""
    setup()
    lint = subprocess.run([str(PYTHON), "-m", "ruff", "check", "src", "tests", "tasks.py",
                           "benchmarks", "scripts"], cwd=ROOT)
    if lint.returncode:
        return lint.returncode
    layers = subprocess.run([str(VENV / "bin" / "lint-imports")], cwd=ROOT)  # pyproject.toml
    if layers.returncode:
        return layers.returncode
    # The GitHub workflow against GitHub's published schema (actionlint has no wheel here).
    workflow = subprocess.run([str(VENV / "bin" / "check-jsonschema"), "--builtin-schema",
                               "vendor.github-workflows", *map(str, WORKFLOWS)], cwd=ROOT)
    if workflow.returncode:
        return workflow.returncode
    command = [str(PYTHON), "-m", "pytest", "tests", "notebooks", "--nbval-lax",
               "--nbval-current-env", "-n", str(min(os.cpu_count() or 1, 4)),
               "--dist", "loadfile", "--no-loadscope-reorder", "--durations=15", *args]
    return subprocess.run(command, cwd=ROOT).returncode


def notebooks(_args: list[str]) -> int:
    """Re-execute the committed notebooks in place with their default parameters."""
    setup()
    script = ("import sys; from analysis.run.pipeline import rerun_in_place; "
              "rerun_in_place(sys.argv[1:])")
    paths = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    return subprocess.run([str(PYTHON), "-c", script, *paths], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    """Dispatch ``setup``, ``run``, ``test`` or ``notebooks``."""
    commands = {"run": run, "test": test, "notebooks": notebooks}
    if not argv or argv[0] not in (*commands, "setup"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "setup":
        setup()
        return 0
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
