"""Attacks by Iraq-based, Iran-aligned militias: load, clean, aggregate, chart, export."""

import sys

# plotly (its renderers) and papermill import nbformat, which validates notebooks with
# jsonschema, whose import also loads rfc3987_syntax when it is installed (JupyterLab's
# jupyter_events needs it). That package builds a grammar when imported: 1.4 s of each
# process that imports the package (the run, each notebook kernel, each test worker), for
# IRI formats no notebook schema uses. Marked absent, jsonschema goes on without it.
sys.modules.setdefault("rfc3987_syntax", None)

__version__ = "0.1.0"
