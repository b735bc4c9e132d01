"""Allow ``python -m analysis``."""

import sys

# nbformat (papermill's) validates notebooks with jsonschema, whose import also loads
# rfc3987_syntax when it is installed (JupyterLab's jupyter_events needs it). That package
# builds a grammar when imported: 1-2 s of every run, for IRI formats no notebook schema uses.
# Marked absent, jsonschema goes on without it.
sys.modules.setdefault("rfc3987_syntax", None)

from analysis.run.cli import EXIT_UNEXPECTED, INTERRUPTED, main  # noqa: E402 - after the mark

try:
    code = main()
except KeyboardInterrupt:  # a signal that came while main() was already handling another
    print(INTERRUPTED, file=sys.stderr)
    code = EXIT_UNEXPECTED
sys.exit(code)
