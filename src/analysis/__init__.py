"""Attacks by Iraq-based, Iran-aligned militias: load, clean, aggregate, chart, export."""

__version__ = "0.1.0"
