"""Stage 4, charts: every figure of a run, and its static export.

A shared style module, one module per chart family, and the export to HTML, PNG,
SVG and PDF. Imports measure and the stages below it.
"""
