"""Parameter validation and the command line's exit codes for bad parameters."""

from __future__ import annotations

import re

import pytest

from analysis import config
from analysis.errors import InputError, ParameterError
from analysis.inputs import columns
from analysis.run import cli, params


@pytest.mark.parametrize(("name", "value", "message"), [
    ("freq", "daily", "parameter 'freq': got 'daily', expected one of week, month, quarter"),
    ("region_level", "city", "expected one of country, region, site"),
    ("target", "iran", "expected one of all, us, israel"),
    ("start", "17/10/2023", "parameter 'start'.*expected an ISO date"),
    ("end", "2020-01-01", "parameter 'end'.*on or after start"),
    ("export_static", "yes", "parameter 'export_static'.*true or false"),
    ("show_low_confidence", "maybe", "parameter 'show_low_confidence'.*true or false"),
    ("actors", "(unclosed", "parameter 'actors'.*a regular expression"),
    ("attribution", "claimed", "parameter 'attribution': got 'claimed', expected one of iraqi, "
                               "any"),
])
def test_validate__rejects(name, value, message):
    with pytest.raises(ParameterError, match=message):
        params.validate({**params.DEFAULTS, name: value})


def test_defaults__attribution_counts_iraqi_groups():
    assert params.DEFAULTS["attribution"] == "iraqi"
    assert params.validate({**params.DEFAULTS, "attribution": "any"})["attribution"] == "any"


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


@pytest.mark.parametrize(("name", "value"), [
    ("start", "1988-12-31"), ("end", "9999-12-31"), ("start", "0001-01-01"),
])
def test_validate__window_outside_the_allowed_range(name, value):
    earliest, latest = config.date_bounds()
    with pytest.raises(ParameterError, match=f"from {earliest} to {latest}"):
        params.validate({**params.DEFAULTS, name: value})


def test_date_bounds__end_of_the_current_year():
    import datetime as dt

    assert config.date_bounds(dt.date(2026, 3, 1)) == ("1989-01-01", "2026-12-31")


@pytest.mark.parametrize(("name", "option"), list(params.SET_BY_OPTION.items()))
def test_validate__refuses_parameters_set_by_options(name, option):
    with pytest.raises(ParameterError, match=f"'{name}'.*set by the option {option}"):
        params.validate({**params.DEFAULTS, name: "/tmp/x"})


def test_validate__unknown_name_lists_user_parameters_only():
    with pytest.raises(ParameterError) as caught:
        params.validate({**params.DEFAULTS, "colour": "red"})
    message = str(caught.value)
    assert all(name in message for name in params.DEFAULTS)
    assert not any(name in message for name in params.SET_BY_OPTION)


@pytest.mark.parametrize(("value", "expected"), [("false", False), ("TRUE", True),
                                                 (False, False)])
@pytest.mark.parametrize("name", ["export_static", "show_low_confidence"])
def test_validate__booleans_accept_yaml_strings(value, expected, name):
    assert params.validate({**params.DEFAULTS, name: value})[name] is expected


def test_defaults__low_confidence_band_shown_above_medium():
    assert (params.DEFAULTS["min_confidence"], params.DEFAULTS["show_low_confidence"]) == (
        "medium", True)


def _main_lines(capsys, *argv: str) -> tuple[int, list[str]]:
    code = cli.main(["run", *argv])
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize(("argv", "expected"), [
    (["-p", "end", "9999-12-31"], "parameter 'end': got '9999-12-31', expected an ISO date"),
    (["-p", "start", "1900-01-01"], "parameter 'start'"),
    (["-p", "raw_path", "x.csv"], "use that instead"),
    (["-p", "figures_dir", "/tmp"], "--out"),
    (["-p", "sites_path", "s.csv"], "--sites"),
])
def test_main__refusals_are_one_line_exit_2(capsys, tmp_path, argv, expected):
    code, lines = _main_lines(capsys, "--out", str(tmp_path / "out"), *argv)
    assert code == 2
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert not (tmp_path / "out").exists()


def test_main__malformed_yaml_is_one_line_with_line_and_column(capsys, tmp_path):
    config = tmp_path / "params.yaml"
    config.write_text("freq: month\ntarget: [us\nend: 2024-01-01\n")
    code, lines = _main_lines(capsys, "--out", str(tmp_path / "o"), "--config", str(config))
    assert code == 2
    assert len(lines) == 1, lines
    assert f"{config}: line " in lines[0]
    assert "column" in lines[0]


@pytest.mark.parametrize("option", ["--input", "--sites", "--totals"])
def test_main__directory_input_is_not_a_regular_file(capsys, tmp_path, option):
    code, lines = _main_lines(capsys, "--out", str(tmp_path / "o"), option, str(tmp_path))
    assert code == 2
    assert lines == [f"error: {tmp_path}: not a regular file (given with {option}); "
                     "expected a CSV file"]


def test_main__missing_totals_file_exits_2(capsys, tmp_path):
    code, lines = _main_lines(capsys, "--out", str(tmp_path / "o"), "--totals",
                              str(tmp_path / "none.csv"))
    assert code == 2
    assert lines == [f"error: {tmp_path / 'none.csv'}: file not found (given with --totals)"]


def test_main__totals_without_count_column_exits_2_naming_it(capsys, tmp_path):
    totals = tmp_path / "totals.csv"
    header = [c for c in columns.REPORTED_TOTALS if c != "count"]
    totals.write_text(",".join(header) + "\n" + ",".join("x" for _ in header) + "\n")
    code, lines = _main_lines(capsys, "--out", str(tmp_path / "o"), "--totals", str(totals))
    assert code == 2
    assert len(lines) == 1, lines
    assert "missing required column(s) count" in lines[0]
    assert str(totals) in lines[0]
    assert not (tmp_path / "o" / "manifest.json").exists()


# hostile --config files


def _config(tmp_path, text: str | bytes):
    path = tmp_path / "params.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_read_config__aliases_that_expand_are_refused(tmp_path):
    levels = ['actors:', '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"  - &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)]
    with pytest.raises(InputError, match="aliases expand to more than"):
        params.read_config(_config(tmp_path, "\n".join(levels)))


def test_read_config__a_recursive_alias_is_refused(tmp_path):
    with pytest.raises(InputError, match="alias"):
        params.read_config(_config(tmp_path, "actors: &a [x, *a]\n"))


def test_read_config__deep_nesting_is_refused(tmp_path):
    with pytest.raises(InputError, match="nested"):
        params.read_config(_config(tmp_path, "actors: " + "[" * 5000 + "]" * 5000 + "\n"))


def test_read_config__a_few_aliases_are_fine(tmp_path):
    loaded = params.read_config(_config(tmp_path, "start: &s 2024-02-01\nend: *s\n"))
    assert str(loaded["start"]) == str(loaded["end"]) == "2024-02-01"


def test_read_config__over_64_kib_is_refused(tmp_path):
    with pytest.raises(InputError, match="64 KiB"):
        params.read_config(_config(tmp_path, "freq: month\n" + "#\n" * 40_000))


def test_read_config__not_utf8_names_byte_and_line(tmp_path):
    path = _config(tmp_path, "freq: month\nactors: Kata\u00efb\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"found byte 0xef at byte 25 \(line 2\)"):
        params.read_config(path)


def test_read_config__not_a_mapping_names_the_file(tmp_path):
    path = _config(tmp_path, "- freq\n- month\n")
    with pytest.raises(InputError, match="expected a YAML mapping of parameter: value"):
        params.read_config(path)


def test_parameter_error__echoed_value_is_cut():
    message = str(ParameterError("freq", "w" * 5000, "one of week, month, quarter"))
    assert len(message) < 120
    assert message.endswith("expected one of week, month, quarter")


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("actors", ["Kataib Hezbollah"], "text (a regular expression), not a list"),
    ("actors", True, "text (a regular expression), not a boolean"),
    ("freq", {"month": 1}, "not a mapping"),
    ("start", ["2024-01-01"], "an ISO date, not a list"),
    ("end", {"a": 1}, "not a mapping"),
])
def test_validate__a_value_of_the_wrong_type_names_the_type_expected(name, value, expected):
    with pytest.raises(ParameterError, match=f"parameter '{name}'.*{re.escape(expected)}"):
        params.validate({**params.DEFAULTS, name: value})


def test_validate__yaml_dates_and_numbers_are_accepted():
    import datetime as dt

    checked = params.validate({**params.DEFAULTS, "start": dt.date(2024, 2, 1), "end": None,
                               "actors": 1920})
    assert (checked["start"], checked["end"], checked["actors"]) == ("2024-02-01", "", "1920")


def test_parameter_error__a_long_name_is_cut_too():
    message = str(ParameterError("x" * 5000, 1, "a parameter name among freq"))
    assert len(message) < 150
