"""Stage 3, measure: the numbers a run reports.

Frequency tables, places and the top-N grouping, phases, published totals beside
recorded counts, the numbers behind the findings, and the matching rule of
``run --compare``. Imports clean and inputs.
"""
