"""Parameter validation and the command line's exit codes for bad parameters."""

from __future__ import annotations

import pytest

from analysis import cli, params
from analysis.errors import ParameterError


@pytest.mark.parametrize(("name", "value", "message"), [
    ("freq", "daily", "parameter 'freq': got 'daily', expected one of week, month, quarter"),
    ("region_level", "city", "expected one of country, region, site"),
    ("target", "iran", "expected one of all, us, israel"),
    ("start", "17/10/2023", "parameter 'start'.*expected an ISO date"),
    ("end", "2020-01-01", "parameter 'end'.*on or after start"),
    ("export_static", "yes", "parameter 'export_static'.*true or false"),
])
def test_validate__rejects(name, value, message):
    with pytest.raises(ParameterError, match=message):
        params.validate({**params.DEFAULTS, name: value})


def test_validate__normalises_dates():
    checked = params.validate({**params.DEFAULTS, "start": "2024-02-01", "end": ""})
    assert (checked["start"], checked["end"]) == ("2024-02-01", "")


@pytest.mark.parametrize(("text", "value"), [("true", True), ("3", 3), ("2.5", 2.5),
                                             ("month", "month"), ("2024-01-01", "2024-01-01")])
def test_coerce(text, value):
    assert params.coerce(text) == value


def test_main__bad_parameter_exits_2_with_one_line(capsys, tmp_path):
    code = cli.main(["run", "--out", str(tmp_path / "out"), "-p", "freq", "daily"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == ["error: parameter 'freq': got 'daily', expected one of week, month, quarter"]
    assert not (tmp_path / "out").exists()


def test_main__unknown_parameter_exits_2(capsys, tmp_path):
    code = cli.main(["run", "--out", str(tmp_path / "out"), "-p", "colour", "red"])
    assert code == 2
    assert "parameter 'colour'" in capsys.readouterr().err


def test_main__missing_input_exits_2(capsys, tmp_path):
    code = cli.main(["run", "--out", str(tmp_path), "--input", str(tmp_path / "none.csv")])
    assert code == 2
    assert "none.csv: file not found" in capsys.readouterr().err


def test_main__config_file(tmp_path, capsys):
    config = tmp_path / "params.yaml"
    config.write_text("freq: fortnight\n")
    assert cli.main(["run", "--out", str(tmp_path / "o"), "--config", str(config)]) == 2
    assert "parameter 'freq'" in capsys.readouterr().err
