"""Stage 6, run: the command line and everything a run does.

The notebook runner, parameters, the manifest, the output location, the contributor
check, and the functions the notebooks call. Imports every stage below.
"""
