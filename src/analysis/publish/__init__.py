"""Publishing a run: the report (HTML and PDF) and the findings it opens with."""
