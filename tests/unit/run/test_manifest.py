"""Fingerprints and the up-to-date check."""

from __future__ import annotations

import shutil

import pytest

from analysis import config
from analysis.run import manifest


def test_fingerprint__changes_with_input_and_parameters(tmp_path):
    data = tmp_path / "a.csv"
    data.write_text("x\n1\n")
    first = manifest.fingerprint([data], {"freq": "month"})
    assert first == manifest.fingerprint([data], {"freq": "month"})
    assert first != manifest.fingerprint([data], {"freq": "week"})
    data.write_text("x\n2\n")
    assert first != manifest.fingerprint([data], {"freq": "month"})


def test_is_current__needs_matching_fingerprint_and_intact_outputs(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("a\n")
    path = tmp_path / "manifest.json"
    manifest.write(path, {"fingerprint": "f", "outputs": [{"path": "t.csv",
                                                           "sha256": manifest.sha256(out)}]})
    assert manifest.is_current(path, "f")
    assert not manifest.is_current(path, "g")
    out.write_text("changed\n")
    assert not manifest.is_current(path, "f")
    assert not manifest.is_current(tmp_path / "missing.json", "f")


def test_fingerprint__ignores_stored_notebook_outputs(tmp_path, monkeypatch):
    import json

    notebook = tmp_path / "n.ipynb"
    cell = {"cell_type": "code", "source": ["x = 1"], "outputs": [], "metadata": {}}
    notebook.write_text(json.dumps({"cells": [cell]}))
    monkeypatch.setattr(manifest, "code_files", lambda: [notebook])
    first = manifest.fingerprint([], {})
    cell["outputs"] = [{"output_type": "stream", "text": "1"}]
    notebook.write_text(json.dumps({"cells": [cell]}))
    assert manifest.fingerprint([], {}) == first
    cell["source"] = ["x = 2"]
    notebook.write_text(json.dumps({"cells": [cell]}))
    assert manifest.fingerprint([], {}) != first


# Every file that shapes an output is part of the fingerprint, not only Python sources.
SHAPING_FILES = [
    ("package", "publish/templates/report.html.j2"),
    ("mappings", "admin1_regions.csv"),
    ("mappings", "groups.json"),
    ("raw", "datapackage.json"),
    ("reference", "outlines.geojson"),
]


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """The folders code_files reads, copied so their files can be changed."""
    folders = {"package": config.PACKAGE_DIR, "mappings": config.MAPPINGS_DIR,
               "reference": config.REFERENCE_DIR, "notebooks": config.NOTEBOOKS_DIR}
    copies = {}
    for name, folder in folders.items():
        copies[name] = shutil.copytree(folder, tmp_path / name,
                                       ignore=shutil.ignore_patterns("__pycache__"))
    copies["raw"] = tmp_path / "raw"
    copies["raw"].mkdir()
    shutil.copy(config.DATAPACKAGE, copies["raw"] / config.DATAPACKAGE.name)
    monkeypatch.setattr(config, "PACKAGE_DIR", copies["package"])
    monkeypatch.setattr(config, "MAPPINGS_DIR", copies["mappings"])
    monkeypatch.setattr(config, "REFERENCE_DIR", copies["reference"])
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", copies["notebooks"])
    monkeypatch.setattr(config, "DATAPACKAGE", copies["raw"] / config.DATAPACKAGE.name)
    return copies


@pytest.mark.parametrize(("folder", "name"), SHAPING_FILES,
                         ids=[name for _, name in SHAPING_FILES])
def test_fingerprint__changes_with_every_file_that_shapes_an_output(project_copy, folder, name):
    before = manifest.fingerprint([], {})
    path = project_copy[folder] / name
    path.write_bytes(path.read_bytes() + b"\n")
    assert manifest.fingerprint([], {}) != before


def test_build_manifest__lists_every_chart_data_file_with_its_hash(tmp_path):
    from analysis.run import pipeline
    from analysis.run.location import Layout

    layout = Layout.under(tmp_path / "out")
    stage = layout.staging(tmp_path / "stage")
    for folder in (stage.tables, stage.figures, stage.notebooks):
        folder.mkdir(parents=True)
    (stage.tables / "cleaning_summary.csv").write_text(
        "step,rows\nraw rows,3\nrejected rows,0\nreports kept,3\n"
        "reports merged into an earlier report's incident,1\nincidents,2\n")
    stage.report.write_text("<html></html>")
    for name in ("attacks_stacked", "attacks_map"):
        (stage.figures / f"{name}.html").write_text("<html></html>")
        (stage.figures / f"{name}.csv").write_text(
            "period,place,series,value,grade\n2024-01-01,Jordan,attacks,2,low\n")
    record = pipeline.build_manifest(stage, layout, manifest.RunInputs((), {}, {}, "f"))
    data = {entry["path"]: entry for entry in record["outputs"] if entry["kind"] == "chart_data"}
    assert sorted(data) == ["figures/attacks_map.csv", "figures/attacks_stacked.csv"]
    for path, entry in data.items():
        assert entry["sha256"] == manifest.sha256(stage.figures / path.split("/")[1])
        assert entry["rows"] == 1
    kinds = {entry["path"]: entry["kind"] for entry in record["outputs"]}
    assert kinds["figures/attacks_map.html"] == "figure"
