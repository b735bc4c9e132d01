"""Open a notebook in JupyterLab in headless Chromium, run it, and see a plotly chart render."""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis import config

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free local port, serving a copy of notebook 2."""
    root = tmp_path / "lab"
    processed = tmp_path / "processed"
    root.mkdir()
    processed.mkdir()
    shutil.copyfile(config.PROCESSED_DIR / "incidents.csv", processed / "incidents.csv")
    notebook = json.loads((config.NOTEBOOKS_DIR / "02_frequency.ipynb").read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    parameters = "".join(notebook["cells"][1]["source"])
    for old, new in (('"../data/raw/incidents.csv"', f'"{config.RAW_INCIDENTS}"'),
                     ('"../data/processed"', f'"{processed}"'),
                     ('"../reports/figures"', f'"{tmp_path / "figures"}"'),
                     ('"../data/raw/reported_totals.csv"', f'"{config.RAW_TOTALS}"'),
                     ('"../data/raw/sites.csv"', f'"{config.RAW_SITES}"'),
                     ("export_static = True", "export_static = False")):
        parameters = parameters.replace(old, new)
    notebook["cells"][1]["source"] = parameters
    (root / "chart.ipynb").write_text(json.dumps(notebook))
    token, port = secrets.token_hex(16), _free_port()
    env_dirs = {name: tmp_path / name for name in ("config", "data", "runtime")}
    for folder in env_dirs.values():
        folder.mkdir()
    environment = {"JUPYTER_CONFIG_DIR": str(env_dirs["config"]),
                   "JUPYTER_RUNTIME_DIR": str(env_dirs["runtime"]),
                   "PATH": f"{sys.prefix}/bin:/usr/bin:/bin", "HOME": str(tmp_path)}
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
    yield f"{base}/lab/tree/chart.ipynb?reset&token={token}"
    server.terminate()
    server.wait(timeout=20)


def test_jupyterlab__run_all_renders_plotly_chart(browser, lab):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.get_by_text("| Idle").wait_for(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    page.close()
