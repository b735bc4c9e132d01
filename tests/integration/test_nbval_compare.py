"""nbval on the committed notebook 3: its stored outputs (run on the made-up ACLED fixture)
are reproduced, and a changed stored output is caught."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis import config

pytestmark = pytest.mark.integration
NOTEBOOK = config.NOTEBOOKS_DIR / config.COMPARE_NOTEBOOK


def _nbval(path, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                           "-q", "-p", "no:cacheprovider", str(path)],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def test_nbval__committed_compare_notebook_reproduces_its_outputs():
    parameters = "".join(json.loads(NOTEBOOK.read_text())["cells"][1]["source"])
    assert 'compare_path = "../tests/fixtures/acled_compare.csv"' in parameters
    assert 'comparison_dir = ""' in parameters  # standalone: writes no table
    done = _nbval(NOTEBOOK, config.PROJECT_ROOT)
    assert done.returncode == 0, done.stdout


def test_nbval__compare_notebook_fails_when_a_stored_count_differs(tmp_path):
    notebook = json.loads(NOTEBOOK.read_text())
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code"
                and "status_counts" in "".join(c["source"]))
    plain = cell["outputs"][0]["data"]["text/plain"]
    cell["outputs"][0]["data"]["text/plain"] = [line.replace("only in the export",
                                                             "only in the exporz")
                                                for line in plain]
    source = "".join(notebook["cells"][1]["source"])
    for relative in ("../data/raw/incidents.csv", "../data/raw/sites.csv", "../data/processed",
                     "../tests/fixtures/acled_compare.csv"):
        source = source.replace(f'"{relative}"',
                                f'"{(config.NOTEBOOKS_DIR / relative).resolve()}"')
    notebook["cells"][1]["source"] = source
    (tmp_path / "notebooks").mkdir()
    target = tmp_path / "notebooks" / config.COMPARE_NOTEBOOK
    target.write_text(json.dumps(notebook))
    done = _nbval(target, tmp_path)
    assert done.returncode == 1, done.stdout
    assert "Cell 2: Cell outputs differ" in done.stdout
    assert "exporz" in done.stdout
    assert "1 failed" in done.stdout
