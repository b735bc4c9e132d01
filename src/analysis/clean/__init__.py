"""Stage 2, clean: raw reports become incidents.

Validation, merging the reports of one attack, the same result for exports.
Imports inputs.
"""
