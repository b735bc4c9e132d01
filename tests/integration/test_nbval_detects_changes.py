"""nbval must be able to fail: a changed stored output of the committed notebook is caught."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from analysis import config

pytestmark = pytest.mark.integration


def test_nbval__fails_when_a_stored_table_differs(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    target = notebooks / "01_clean.ipynb"
    shutil.copyfile(config.NOTEBOOKS_DIR / "01_clean.ipynb", target)
    notebook = json.loads(target.read_text())
    cell = next(c for c in notebook["cells"]
                if c["cell_type"] == "code" and "result.summary" in "".join(c["source"]))
    text = cell["outputs"][0]["data"]["text/plain"]
    cell["outputs"][0]["data"]["text/plain"] = [line.replace("raw rows", "raw rowz")
                                                for line in text]
    target.write_text(json.dumps(notebook))
    # The copy reads the shipped raw files through absolute parameters.
    source = "".join(notebook["cells"][1]["source"])
    for name in ("incidents.csv", "sites.csv"):
        source = source.replace(f'"../data/raw/{name}"', f'"{config.RAW_DIR / name}"')
    source = source.replace('"../data/processed"', f'"{tmp_path / "processed"}"')
    notebook["cells"][1]["source"] = source
    target.write_text(json.dumps(notebook))
    done = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                           "-q", "-p", "no:cacheprovider", str(target)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1, done.stdout
    assert "raw rowz" in done.stdout
