"""Open notebooks in JupyterLab in headless Chromium and run them: a plotly chart renders, and
data from hostile user files is shown as text (no script, no dialog, no LaTeX typesetting)."""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import config
from tests.hostile import LATEX, write_hostile_inputs

pytestmark = pytest.mark.browser
# Every code cell has run: each prompt shows a number, none a star.
ALL_RUN = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _notebook_copy(name: str, target: Path, replacements: dict[str, str]) -> None:
    """A committed notebook without outputs, its parameter cell's values replaced."""
    notebook = json.loads((config.NOTEBOOKS_DIR / name).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    parameters = "".join(notebook["cells"][1]["source"])
    for old, new in replacements.items():
        parameters = parameters.replace(old, new)
    notebook["cells"][1]["source"] = parameters
    target.write_text(json.dumps(notebook))


@contextlib.contextmanager
def _jupyterlab(root: Path, home: Path) -> Iterator[str]:
    """A JupyterLab server on a free local port serving ``root``; yields its URL and token."""
    token, port = secrets.token_hex(16), _free_port()
    env_dirs = {name: home / name for name in ("config", "data", "runtime")}
    for folder in env_dirs.values():
        folder.mkdir()
    environment = {"JUPYTER_CONFIG_DIR": str(env_dirs["config"]),
                   "JUPYTER_RUNTIME_DIR": str(env_dirs["runtime"]),
                   "PATH": f"{sys.prefix}/bin:/usr/bin:/bin", "HOME": str(home),
                   # The kernel imports the package under test, not another installed copy.
                   "PYTHONPATH": str(config.PROJECT_ROOT / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--ServerApp.open_browser=False", "--LabApp.news_url=", "--LabApp.check_for_updates_class"
         "=jupyterlab.NeverCheckForUpdate", "--allow-root"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    try:
        yield f"{base}/lab/tree/{{}}?reset&token={token}"
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory) -> Path:
    """The folder JupyterLab serves: one sub-folder per test's notebooks."""
    return tmp_path_factory.mktemp("lab")


@pytest.fixture(scope="module")
def lab_server(lab_root, tmp_path_factory) -> Iterator[str]:
    """One JupyterLab server for the module (each start costs seconds of CPU)."""
    with _jupyterlab(lab_root, tmp_path_factory.mktemp("home")) as url:
        yield url


@pytest.fixture
def lab(lab_root, lab_server, tmp_path):
    """A copy of notebook 2 on the shipped dataset, served by the module's JupyterLab."""
    folder, processed = lab_root / "shipped", tmp_path / "processed"
    folder.mkdir()
    processed.mkdir()
    (processed / "incidents.csv").write_bytes((config.PROCESSED_DIR / "incidents.csv")
                                              .read_bytes())
    _notebook_copy("02_frequency.ipynb", folder / "chart.ipynb", {
        '"../data/raw/incidents.csv"': f'"{config.RAW_INCIDENTS}"',
        '"../data/processed"': f'"{processed}"',
        '"../reports/figures"': f'"{tmp_path / "figures"}"',
        '"../data/raw/reported_totals.csv"': f'"{config.RAW_TOTALS}"',
        '"../data/raw/sites.csv"': f'"{config.RAW_SITES}"'})
    return lab_server.format("shipped/chart.ipynb")


def _run_all(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.get_by_text("| Idle").wait_for(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def test_jupyterlab__run_all_renders_plotly_chart(browser, lab):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _run_all(page, lab)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    page.close()


@pytest.fixture
def hostile_lab(lab_root, lab_server, tmp_path):
    """The three notebooks set to hostile inputs, sites as places, served by the module's
    JupyterLab; the URL has a slot for a notebook's name."""
    inputs = write_hostile_inputs(tmp_path / "in")
    folder, processed = lab_root / "hostile", tmp_path / "processed"
    folder.mkdir()
    processed.mkdir()
    common = {'"../data/raw/incidents.csv"': f'"{inputs["raw"]}"',
              '"../data/raw/sites.csv"': f'"{inputs["sites"]}"',
              '"../data/processed"': f'"{processed}"',
              '"../data/raw/reported_totals.csv"': f'"{config.RAW_TOTALS}"',
              '"../reports/figures"': f'"{tmp_path / "figures"}"',
              '"../tests/fixtures/acled_compare.csv"': f'"{inputs["compare"]}"',
              'region_level = "region"': 'region_level = "site"'}
    for name in (*config.NOTEBOOKS, config.COMPARE_NOTEBOOK):
        _notebook_copy(name, folder / name, common)
    return lab_server.format("hostile/{}")


def test_jupyterlab__hostile_names_are_text_not_latex_or_script(browser, hostile_lab):
    seen: list[str] = []
    for name in ("01_clean.ipynb", "02_frequency.ipynb", "03_compare.ipynb"):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("dialog", lambda d: (seen.append(f"dialog {d.message}"), d.dismiss()))
        page.on("popup", lambda p: seen.append(f"popup {p.url}"))
        _run_all(page, hostile_lab.format(name))
        page.wait_for_function(ALL_RUN, timeout=180_000)
        page.wait_for_timeout(2_000)  # typesetting, if any, happens after rendering
        outputs = page.locator(".jp-OutputArea-output")
        assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0, name
        assert page.locator("mjx-container, .MathJax").count() == 0, name
        assert page.evaluate("window.__xss") is None, name
        if name != "01_clean.ipynb":
            assert any(LATEX in text for text in outputs.all_inner_texts()), name
        page.close()
    assert seen == []
