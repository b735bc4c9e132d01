"""Stage 5, publish: the report and the views notebooks show.

The report (HTML and PDF), its findings in sentences, captions, HTML tables and the
comparison section. Imports charts and the stages below it.
"""
