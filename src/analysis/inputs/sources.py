"""Where a run's incidents come from, said on every chart and in the report.

A chart made from an ACLED or UCDP GED export must credit that dataset, not the project's
own; the note names the file (not its folder, so outputs stay the same on any machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.inputs.exports import resolve_format

# The providers' own names and addresses, as their terms of use ask exports to be credited.
PROVIDERS = {
    "acled": "ACLED (Armed Conflict Location & Event Data Project, acleddata.com)",
    "ucdp": "UCDP Georeferenced Event Dataset (Uppsala Conflict Data Program, ucdp.uu.se)",
}


@dataclass(frozen=True)
class Source:
    """A run's input: its format ("project", "acled", "ucdp") and file name."""

    fmt: str
    file_name: str

    @property
    def provider(self) -> str:
        """The export's provider as its terms ask it to be credited ("" for the dataset)."""
        return PROVIDERS.get(self.fmt, "")

    @property
    def noun(self) -> str:
        """How legends name the input: the project's dataset or the user's export."""
        return "this dataset" if self.fmt == "project" else "this export"

    @property
    def rated(self) -> bool:
        """Whether the input rates its reports' confidence (the project's dataset).

        ACLED and UCDP exports do not: their attacks are never below ``min_confidence``.
        """
        return self.fmt == "project"

    @property
    def coverage_end(self) -> str | None:
        """Where the input's coverage ends: known for the project's dataset, not for exports."""
        return config.COVERAGE_END if self.fmt == "project" else None

    @property
    def chart_note(self) -> str:
        """The line under every chart."""
        if self.fmt == "project":
            return config.SOURCE_NOTE
        return (f"Source: {PROVIDERS[self.fmt]}, export {self.file_name}; events of the "
                "selected actors, placed by this project's rules; one attack = one event.")

    @property
    def report_sentence(self) -> str:
        """The report's statement of where its numbers come from (Markdown)."""
        if self.fmt == "project":
            return ("Every number below comes from the project's incident dataset, compiled "
                    "by hand from public reporting with a source for every row "
                    "(`data/raw/README.md`), or from totals that others published, shown "
                    "apart.")
        return (f"Every count of attacks below comes from an export of {PROVIDERS[self.fmt]} "
                f"(`{self.file_name}`): the events of the selected actors, cleaned and placed "
                "in regions by the rules of `data/raw/mappings/adapters.md`. Totals that "
                "others published are shown apart.")


def describe(raw_path: str | Path, input_format: str = "auto") -> Source:
    """Return the source of a raw file, its format detected from the header when "auto".

    Raises:
        InputError: "auto" and the file is unreadable or of no known format.
        ParameterError: an unknown format.
    """
    return Source(resolve_format(Path(raw_path), input_format), Path(raw_path).name)
