"""Stage 1, inputs: read and check raw files, and write tables safely.

The project's dataset, the gazetteer, the published totals, ACLED and UCDP exports
(``exports``), the column dictionary and its schemas. Imports only config and errors.
"""
