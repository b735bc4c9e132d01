"""Fingerprints and the up-to-date check."""

from __future__ import annotations

from analysis import manifest


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
