"""The mapping files (groups.json, weapons.json): a file of the wrong shape is an InputError
naming the file and what was expected."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.errors import InputError
from analysis.inputs.normalise import load_mapping


@pytest.mark.parametrize(("content", "message"), [
    (None, "file not found; expected a JSON object"),
    (b'["drone", "rocket"]', "expected a JSON object of name -> list of spellings, found a list"),
    (b'{"drone": "drone"}', "'drone': expected a list of strings, found text"),
    (b'{"drone": ["uav", 3]}', "'drone': expected a list of strings, found a number"),
    (b'{"drone": ["uav",]}', r"line 1, column \d+: .*expected a JSON object"),
    (b'{"drone": ["caf\xe9"]}', r"expected UTF-8 text, found byte 0xe9 at byte 16 \(line 1\)"),
])
def test_load_mapping__wrong_shape_names_the_file(tmp_path, content, message):
    path = tmp_path / "weapons.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        load_mapping(path)
    assert caught.value.path == str(path)


def test_load_mapping__shipped_files_load():
    assert "drone" in load_mapping(config.WEAPONS_MAPPING)
    assert load_mapping(config.GROUPS_MAPPING)
