"""Execute the notebooks with papermill into a staging folder and describe what they wrote.

A run writes into staging inside the output location (``analysis.run.location``), which puts
the results in place only when every notebook and the report succeeded.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from analysis import config
from analysis.charts.browser import browser_version
from analysis.errors import NotebookFailedError
from analysis.inputs.csv_shape import count_data_rows
from analysis.run import manifest
from analysis.run.kernel import LaunchedKernel, ipc_kernel
from analysis.run.location import Layout, signals_held

TABLE_KINDS = {"incidents.csv": "incidents", "incidents.parquet": "incidents",
               "reports.csv": "incidents", "rejected.csv": "rejected",
               "cleaning_summary.csv": "report",
               # run --compare (analysis.measure.matching)
               "comparison.csv": "comparison", "comparison_summary.csv": "comparison"}


def notebook_parameters(path: Path) -> dict:
    """Return the parameters a notebook declares (papermill's own inspection)."""
    import papermill

    return papermill.inspect_notebook(str(path))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rerun_in_place(paths: list[Path]) -> None:
    """Re-execute notebooks in place with their default parameters, a fresh kernel each.

    Their stored outputs are what nbval compares a later run with.
    """
    import nbclient
    import nbformat

    for path in map(Path, paths):
        notebook = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as sockets:
            kernel = ipc_kernel(Path(sockets))
            try:
                nbclient.NotebookClient(notebook, km=kernel, timeout=600, resources={
                    "metadata": {"path": str(path.parent)}}).execute()
            finally:
                if kernel.has_kernel:
                    kernel.shutdown_kernel(now=True)
        nbformat.write(notebook, path)
        _log(f"executed {path}")


def execute(parameters_by_notebook: dict[str, dict], stage: Layout, layout: Layout,
            first: LaunchedKernel | None = None,
            beside: Mapping[str, Callable[[], object]] | None = None) -> None:
    """Run each notebook in order into the staging layout.

    Each notebook gets a fresh kernel (no state leaks between them), launched while the
    notebook before it runs; the first notebook's is ``first`` when the caller launched it.
    ``beside`` starts work as the notebook it names begins (the run's chart exporter opens
    its browser while notebook 2 draws the charts, on the core the notebook leaves free).

    Raises:
        NotebookFailedError: a cell raised; the executed notebook is moved to the failed folder.
    """
    stage.notebooks.mkdir(parents=True, exist_ok=True)
    total = len(parameters_by_notebook)
    kernels = [first or LaunchedKernel.launch(config.NOTEBOOKS_DIR)]
    try:
        for number, (name, parameters) in enumerate(parameters_by_notebook.items(), start=1):
            if number < total:
                kernels.append(LaunchedKernel.launch(config.NOTEBOOKS_DIR))
            if start_beside := (beside or {}).get(name):
                start_beside()
            began = time.perf_counter()
            _execute_one(name, parameters, kernels[number - 1], stage, layout)
            _log(f"[{number}/{total}] {name} done in {time.perf_counter() - began:.1f} s")
    finally:
        with signals_held():  # a second Ctrl-C must not leave a kernel running
            for kernel in kernels:
                kernel.stop()


def _execute_one(name: str, parameters: dict, kernel: LaunchedKernel, stage: Layout,
                 layout: Layout) -> None:
    """Run one notebook with papermill in its kernel, then tidy what it wrote."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output = stage.notebooks / name
    show_bar = sys.stderr.isatty() and not os.environ.get("CI")
    try:
        papermill.execute_notebook(
            str(config.NOTEBOOKS_DIR / name), str(output), parameters=parameters,
            kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=show_bar,
            log_output=False, request_save_on_cell_execute=False, km=kernel.manager)
    except PapermillExecutionError as exc:
        saved = _keep_for_diagnosis(name, output, kernel.sockets, layout)
        raise NotebookFailedError(name, exc.exec_count, exc.ename, exc.evalue, saved) from None
    except Exception:  # a dead kernel, say: its log tells why
        _keep_for_diagnosis(name, output, kernel.sockets, layout)
        raise
    finally:
        with signals_held():  # a second Ctrl-C must not leave the kernel running
            kernel.shut_down()
    tidy_executed(output, stage, layout)


def _keep_for_diagnosis(name: str, output: Path, sockets: Path, layout: Layout) -> Path:
    """Copy a failed notebook and its kernel's log into the failed-run folder; return the copy."""
    saved = layout.failed_dir() / name
    saved.parent.mkdir(parents=True, exist_ok=True)
    if output.exists():
        shutil.copyfile(output, saved)
    log = sockets / "kernel.log"
    if log.exists() and log.stat().st_size:
        shutil.copyfile(log, saved.with_suffix(".kernel.log"))
    return saved


_TIMING_KEYS = ("start_time", "end_time", "duration")


def tidy_executed(path: Path, stage: Layout, layout: Layout) -> None:
    """Make an executed notebook depend only on its inputs, so its bytes repeat run to run.

    Staging folders are replaced by the places the outputs are moved to (relative to
    the notebooks folder when inside the project); execution timestamps and the random
    id of the injected parameters cell are dropped.
    """
    text = path.read_text(encoding="utf-8")
    for staged, final in ((stage.tables, layout.tables), (stage.figures, layout.figures),
                          (stage.notebooks, layout.notebooks)):
        text = text.replace(str(staged), str(final))
    text = text.replace(f"{config.PROJECT_ROOT}/", "../")
    notebook = json.loads(text)
    for key in _TIMING_KEYS:
        notebook["metadata"].get("papermill", {}).pop(key, None)
    for cell in notebook["cells"]:
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random one
        cell["metadata"].pop("execution", None)
        for key in _TIMING_KEYS:
            cell["metadata"].get("papermill", {}).pop(key, None)
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def _csv_rows(path: Path) -> int:
    return count_data_rows(path)


def _output_entry(staged: Path, final: Path, manifest_dir: Path) -> dict:
    entry = {"path": os.path.relpath(final, manifest_dir), "sha256": manifest.sha256(staged)}
    name = staged.name
    if staged.suffix == ".ipynb":
        entry["kind"] = "notebook"
    elif staged.suffix in (".html", ".pdf") and staged.parent.name != "figures":
        entry["kind"] = "report"
    elif staged.parent.name == "figures":
        # Beside each chart, the numbers it draws (``analysis.charts.data``).
        entry["kind"] = "chart_data" if staged.suffix == ".csv" else "figure"
    elif name.startswith("frequency_"):
        freq, level = staged.stem.split("_")[1:3]
        entry.update(kind="frequency", freq=freq, region_level=level)
    else:
        entry["kind"] = TABLE_KINDS.get(name, "incidents")
    if staged.suffix == ".csv":
        entry["rows"] = _csv_rows(staged)
    elif staged.suffix == ".parquet":
        import pyarrow.parquet as pq

        entry["rows"] = pq.ParquetFile(staged).metadata.num_rows
    return entry


def _counts(tables: Path) -> dict:
    with (tables / "cleaning_summary.csv").open(encoding="utf-8") as handle:
        summary = {row["step"].strip(): int(row["rows"]) for row in csv.DictReader(handle)}
    return {"raw_rows": summary["raw rows"], "incidents": summary["incidents"],
            "rejected_rows": summary["rejected rows"],
            "merged_reports": summary["reports merged into an earlier report's incident"]}


def build_manifest(stage: Layout, layout: Layout, run_inputs: manifest.RunInputs) -> dict:
    """Describe the staged outputs by their final paths, relative to the final manifest.

    Inputs are described by the digests taken before the run read them. What a browser
    rendered (PNG, SVG and PDF: their bytes follow the machine's Chromium and fonts) is
    listed without a hash; its hashes, the browser and the fonts go to ``RENDERED_RECORD``
    beside the figures (``write_rendered_record``), so that the manifest git tracks holds
    only what the inputs determine.
    """
    pairs = [(stage.tables, layout.tables), (stage.figures, layout.figures),
             (stage.notebooks, layout.notebooks)]
    staged = [(path, final_dir / path.name) for staged_dir, final_dir in pairs
              for path in sorted(staged_dir.glob("*")) if path.name != "manifest.json"]
    staged.append((stage.report, layout.report))
    if stage.report_pdf.is_file():
        staged.append((stage.report_pdf, layout.report_pdf))
    record = layout.figures / RENDERED_RECORD
    outputs = [_output_entry(path, final, layout.manifest.parent) for path, final in staged]
    for entry in outputs:
        if entry["path"].endswith(RENDERED) or entry["path"].endswith(RENDERED_RECORD):
            del entry["sha256"]
            entry["hashes_in"] = os.path.relpath(record, layout.manifest.parent)
    return {
        "parameters": run_inputs.parameters,
        "inputs": [{"path": _display_path(path), "sha256": run_inputs.digests[str(path)],
                    "rows": _csv_rows(path)} for path in run_inputs.files
                   if str(path) in run_inputs.digests],
        "outputs": outputs,
        "counts": _counts(stage.tables),
        "fingerprint": run_inputs.fingerprint,
        "dataset_version": dataset_version(),
        "software": {"python": platform.python_version(), **_versions()},
    }


RENDERED = (".png", ".svg", ".pdf")
RENDERED_RECORD = "rendered.json"
# The fonts the charts and the report name, as fontconfig resolves them on this machine.
FONT_FAMILIES = ("Liberation Sans", "Liberation Serif", "Arial", "sans-serif", "serif")


def write_rendered_record(stage: Layout, layout: Layout) -> Path | None:
    """Write the hashes of what a browser rendered, with the browser and fonts used.

    The record sits in the figures folder (``RENDERED_RECORD``), untracked by git; nothing
    is written when the run rendered nothing (no static export).
    """
    rendered = sorted(p for p in stage.figures.glob("*") if p.suffix in RENDERED)
    rendered += [stage.report_pdf] if stage.report_pdf.is_file() else []
    if not rendered:
        return None
    finals = {stage.report_pdf: layout.report_pdf}
    record = {
        "browser": browser_version(), "fonts": fonts_used(),
        "outputs": [{"path": os.path.relpath(finals.get(path, layout.figures / path.name),
                                             layout.figures),
                     "sha256": manifest.sha256(path)} for path in rendered]}
    target = stage.figures / RENDERED_RECORD
    manifest.write(target, record)
    return target


def fonts_used() -> dict[str, str]:
    """What fontconfig gives for each family the outputs name ("" without fontconfig)."""
    if not shutil.which("fc-match"):
        return {family: "" for family in FONT_FAMILIES}
    return {family: subprocess.run(["fc-match", "-f", "%{file}: %{family[0]} %{style[0]}",
                                    family], capture_output=True, text=True,
                                   check=False).stdout.strip()
            for family in FONT_FAMILIES}


def _display_path(path: Path) -> str:
    """A path relative to the project when inside it, so manifests do not name the machine."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(config.PROJECT_ROOT))
    except ValueError:
        return str(resolved)


def _package() -> dict:
    try:
        return json.loads(config.DATAPACKAGE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def dataset_version() -> str:
    """The version of the shipped dataset, from data/raw/datapackage.json."""
    return str(_package().get("version", "unknown"))


def dataset_released() -> str:
    """The release date (ISO) of the shipped dataset's version, from data/raw/datapackage.json."""
    return str(_package().get("created", "1970-01-01"))[:10]


def _versions() -> dict:
    from importlib.metadata import version

    return {name: version(name) for name in ("pandas", "plotly", "papermill", "pyarrow")}
