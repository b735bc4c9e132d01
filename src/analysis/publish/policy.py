"""The report's Content-Security-Policy: only its own scripts run, nothing is fetched.

Escaping keeps data out of the page's markup (``html_tables``); the policy is the second
line. Scripts are allowed by the SHA-256 of their text, computed from the fragments the
report's own code produced (plotly.js, the table library, each chart, the incident table),
so a ``<script>`` or an ``onerror=`` that got into the page any other way does not run
(inline event handlers and ``javascript:`` addresses need 'unsafe-inline', never given;
``blob:`` is allowed, and only a running script can make one),
and no image, font, frame or connection leaves the file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
# Everything but scripts: styles inline (plotly and the table library set them), images,
# fonts and connections only from inside the page (data: and blob:), no frame, no form.
_REST = ("default-src 'none'", "style-src 'unsafe-inline'", "img-src data: blob:",
         "font-src data:", "connect-src data: blob:", "worker-src blob:", "base-uri 'none'",
         "form-action 'none'")


def script_hash(script: str) -> str:
    """A CSP source for one script's text: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def scripts_of(fragment: str) -> list[str]:
    """The text of every ``<script>`` element of an HTML fragment the report's code built."""
    return _SCRIPT.findall(fragment)


def content_policy(scripts: Iterable[str], fragments: Iterable[str]) -> str:
    """The policy allowing ``scripts`` (their text) and the scripts of ``fragments``."""
    texts = [*scripts, *(s for fragment in fragments for s in scripts_of(fragment))]
    hashes = sorted({script_hash(text) for text in texts})
    # blob: the table library loads its bundle as a module from a blob its own script made;
    # only a script already allowed can make one.
    return "; ".join([f"script-src {' '.join([*hashes, 'blob:'])}", *_REST])
