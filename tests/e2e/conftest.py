"""Browser tests: the headless Chromium they share is tests/conftest.py's ``browser``."""
