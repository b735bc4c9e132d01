"""The report's Content-Security-Policy allows its own scripts only and fetches nothing."""

from __future__ import annotations

import base64
import hashlib

from analysis.publish import policy


def test_content_policy__hashes_own_scripts_only():
    own = "<div id='c'></div><script type=\"text/javascript\">draw('c')</script>"
    text = policy.content_policy(["var plotly = 1;"], [own])
    digest = base64.b64encode(hashlib.sha256(b"draw('c')").digest()).decode()
    assert f"'sha256-{digest}'" in text
    assert policy.script_hash("var plotly = 1;") in text
    assert policy.script_hash("alert(1)") not in text


def test_content_policy__no_inline_handlers_and_nothing_from_outside():
    text = policy.content_policy([], [])
    assert "unsafe-inline' " not in text.split("; ")[0]
    assert "default-src 'none'" in text
    assert "img-src data: blob:" in text
    assert "http" not in text
