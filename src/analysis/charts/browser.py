"""Find the Chrome or Chromium that static export and the report's PDF drive.

The browser is ``BROWSER_PATH`` when set, else the first of chromium, chromium-browser,
google-chrome or chrome on the PATH. It must answer ``--version`` like Chrome: a missing or
wrong one gives one line that says what to install or set, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Chromium answers --version in under 0.1 s; something that does not in 5 s is no browser.
BROWSER_CHECK_TIMEOUT_S = 5
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# What each browser that answered like Chrome printed to --version, by its path.
_ANSWERED: dict[str, str] = {}
CHROMIUM_HELP = (
    "static PNG/SVG export needs Chrome or Chromium: on Debian/Ubuntu run "
    "'apt-get install -y chromium' (or set BROWSER_PATH to a Chrome binary), then re-run; "
    "the HTML charts were written"
)


def browser_available() -> bool:
    """Return True when kaleido can find a Chrome or Chromium to drive (see ``browser_problem``)."""
    return browser_problem() is None


def chosen_browser() -> str | None:
    """BROWSER_PATH when set, else the first of ``_BROWSER_NAMES`` on the PATH, else None."""
    return os.environ.get("BROWSER_PATH") or next(
        filter(None, map(shutil.which, _BROWSER_NAMES)), None)


def browser_problem() -> str | None:
    """Say what stops static export, in one line; None when a browser answers like Chrome.

    The browser is BROWSER_PATH when set, else the first of chromium, chromium-browser,
    google-chrome or chrome on the PATH; it must run ``--version`` within
    ``BROWSER_CHECK_TIMEOUT_S`` and name Chrome or Chromium.
    """
    chosen = chosen_browser()
    if not os.environ.get("BROWSER_PATH"):
        return None if chosen and _version_problem(chosen) is None else CHROMIUM_HELP
    if not Path(chosen).is_file():
        return _fix_browser_path(chosen, "is not a file")
    if not os.access(chosen, os.X_OK):
        return _fix_browser_path(chosen, "is not executable")
    problem = _version_problem(chosen)
    return _fix_browser_path(chosen, problem) if problem else None


def browser_version() -> str:
    """What the chosen browser answers to ``--version`` ("" when there is none)."""
    browser = chosen_browser()
    answer, problem = _version_answer(browser) if browser else ("", "none")
    return "" if problem else answer[:120]


def _version_problem(browser: str) -> str | None:
    """Why ``browser --version`` shows no Chrome or Chromium, or None when it does."""
    return _version_answer(browser)[1]


def _version_answer(browser: str) -> tuple[str, str | None]:
    """What ``browser --version`` printed (one line), and why it is no Chrome, or None.

    A browser that answered like Chrome is not asked again in this process (a run checks it
    before its notebooks, for the export, the printer and the manifest); one that failed is.
    """
    if browser in _ANSWERED:
        return _ANSWERED[browser], None
    try:
        done = subprocess.run([browser, "--version"], capture_output=True, text=True,
                              errors="replace", timeout=BROWSER_CHECK_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return "", f"did not answer --version within {BROWSER_CHECK_TIMEOUT_S} s"
    except OSError as exc:
        return "", f"could not be started ({exc.strerror})"
    answer = " ".join(done.stdout.split())
    if "chrom" not in answer.lower():
        return answer, (f"answered --version with {answer[:80]!r}, not a Chrome or Chromium "
                        "version")
    _ANSWERED[browser] = answer
    return answer, None


def _fix_browser_path(browser: str, problem: str) -> str:
    return (f"static PNG/SVG export skipped: BROWSER_PATH={browser} {problem}; set BROWSER_PATH "
            "to a Chrome or Chromium binary, or unset it and use chromium (on Debian/Ubuntu "
            "'apt-get install -y chromium'), then re-run; the HTML charts were written")
