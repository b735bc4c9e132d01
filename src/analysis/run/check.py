"""``python -m analysis check [DIR]``: validate the raw dataset without running the notebooks.

Each problem is one line naming the file, row and column, and for a site or group spelling
that the mapping tables lack, the closest known spellings, so a contributor can fix it at
once. The codebook's month table is compared with the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.clean.attribution import select_attribution, strongest
from analysis.clean.incidents import clean_incidents
from analysis.clean.merge import assign_incidents
from analysis.errors import InputError
from analysis.inputs import normalise
from analysis.inputs.gazetteer import load_sites
from analysis.inputs.load import load_totals
from analysis.inputs.text import name_key, read_utf8
from analysis.run.params import DEFAULTS

SUGGESTIONS = 3  # closest known spellings offered for an unknown site or group
_MONTH_TABLE = re.compile(r"<!-- month-table:start -->\n(.*?)<!-- month-table:end -->", re.S)
MONTH_COLUMNS = ("report rows", "attacks (all rows)", "on US forces (all rows)",
                 "attacks (default)", "on US forces (default)", "on Israel (default)")


@dataclass(frozen=True)
class RawFiles:
    """The files of a raw dataset folder (laid out as ``data/raw``)."""

    incidents: Path
    sites: Path
    totals: Path
    codebook: Path
    groups: Path
    weapons: Path

    @classmethod
    def within(cls, folder: Path) -> RawFiles:
        """The files of ``folder``."""
        return cls(folder / "incidents.csv", folder / "sites.csv",
                   folder / "reported_totals.csv", folder / "README.md",
                   folder / "mappings" / "groups.json", folder / "mappings" / "weapons.json")


def check_raw(folder: Path = config.RAW_DIR) -> list[str]:
    """Validate a raw dataset folder; return one line per problem (empty when clean).

    Checks: the gazetteer and the totals against their schemas; every report row against
    the row rules, dates inside the coverage (``CAMPAIGN_START``..``COVERAGE_END``),
    unique ids, every site resolved, every group spelling and weapon word mapped; the
    codebook's month table against the file.
    """
    files = RawFiles.within(Path(folder))
    problems = _whole_file_problems(lambda: load_totals(files.totals))
    try:
        everything = clean_incidents(files.incidents, files.sites, start=config.CAMPAIGN_START,
                                     end=config.COVERAGE_END, min_confidence="low",
                                     attribution="any", groups_path=files.groups,
                                     weapons_path=files.weapons)
    except (InputError, ValueError) as exc:
        return [*problems, str(exc)]
    problems += _rejected_problems(everything.rejected, files)
    problems += _group_problems(everything.reports, files)
    problems += _weapon_problems(everything.reports, files)
    problems += month_table_problems(files, everything.incidents,
                                     default_incidents(everything.reports))
    return problems


def default_incidents(reports: pd.DataFrame) -> pd.DataFrame:
    """The incidents of the default analysis: date, target, attribution.

    The default parameters (``min_confidence`` medium, ``attribution`` iraqi): the same merge
    and selection as cleaning with them, run on the kept reports of a cleaning at "low" and
    "any" instead of cleaning the file a second time.
    """
    chosen = reports[reports["confidence"].ne("low")]
    chosen = chosen.assign(event_date=pd.to_datetime(chosen["event_date"]))
    chosen = chosen.assign(incident_id=assign_incidents(chosen))
    ordered = chosen.sort_values(["event_date", "report_id"], kind="stable")
    first = ordered.groupby("incident_id", sort=False).agg(
        event_date=("event_date", "min"), target_type=("target_type", "first"),
        attribution=("attribution", strongest))
    first = select_attribution(first, str(DEFAULTS["attribution"]))
    return first.assign(event_date=first["event_date"].dt.strftime("%Y-%m-%d"))


def _whole_file_problems(load) -> list[str]:
    try:
        load()
    except InputError as exc:
        return [str(exc)]
    return []


def _rejected_problems(rejected: pd.DataFrame, files: RawFiles) -> list[str]:
    aliases = _site_spellings(load_sites(files.sites))
    lines = []
    for row in rejected.itertuples():
        for reason in str(row.reason).split("; "):
            column, _, problem = reason.partition(": ")
            if column == "site":
                problem += _closest(row.site, aliases)
            lines.append(f"{files.incidents}, row {row.source_row}, column '{column}': "
                         f"{problem}")
    return lines


def _site_spellings(sites: pd.DataFrame) -> dict[str, str]:
    """Every known spelling of a site (name and aliases) by its matching key, with its id."""
    spellings = {}
    for site in sites.itertuples():
        for spelling in [site.name, *site.aliases.split("|")]:
            if spelling.strip():
                spellings[name_key(spelling)] = f"{spelling} ({site.site_id})"
    return spellings


def _closest(text: str, known: dict[str, str]) -> str:
    """"; closest known: ..." with the nearest spellings by fuzzy match, or nothing."""
    from rapidfuzz import fuzz, process

    matches = process.extract(name_key(text), list(known), scorer=fuzz.WRatio,
                              limit=SUGGESTIONS)
    if not matches:
        return ""
    return "; closest known: " + ", ".join(repr(known[key]) for key, _, _ in matches)


def _group_problems(reports: pd.DataFrame, files: RawFiles) -> list[str]:
    mapping = normalise.load_mapping(files.groups)
    index = normalise.group_index(mapping)
    known = {name_key(spelling): f"{spelling} -> {canonical}"
             for canonical, spellings in mapping.items() for spelling in (canonical, *spellings)}
    lines = []
    for value, rows in reports.groupby("claimed_by", sort=False)["source_row"]:
        _, unmapped = normalise.canonical_groups(pd.Series([value]), index)
        lines += [f"{files.incidents}, row {row}, column 'claimed_by': group spelling "
                  f"{spelling!r} is not in {files.groups.name}" + _closest(spelling, known)
                  for spelling in sorted(unmapped) for row in rows]
    return sorted(lines, key=_row_number)


def _row_number(line: str) -> int:
    found = re.search(r", row (\d+),", line)
    return int(found.group(1)) if found else 0


def _weapon_problems(reports: pd.DataFrame, files: RawFiles) -> list[str]:
    mapping = normalise.load_mapping(files.weapons)
    unmatched = reports[[normalise.weapon_category(text, mapping) is None
                         for text in reports["weapon"]]]
    return [f"{files.incidents}, row {row.source_row}, column 'weapon': {row.weapon!r} names "
            f"no word of {files.weapons.name} (add its word to a category)"
            for row in unmatched.itertuples()]


def codebook_month_table(codebook: Path) -> pd.DataFrame:
    """The codebook's month table: month and the six counts, as text.

    Raises:
        InputError: the codebook is missing or not UTF-8, or its table lists a month twice
            (names both lines).
    """
    text = read_utf8(Path(codebook), "the codebook with its month table")
    block = _MONTH_TABLE.search(text)
    if block is None:
        return pd.DataFrame(columns=["month", *MONTH_COLUMNS])
    first_line = text.count("\n", 0, block.start(1)) + 1
    rows = [(first_line + offset, line) for offset, line in enumerate(block.group(1).splitlines())
            if re.match(r"\| \d{4}-\d{2}", line)]
    cells = [[c.strip() for c in line.strip("|").split("|")][:len(MONTH_COLUMNS) + 1]
             for _, line in rows]
    table = pd.DataFrame(cells, columns=["month", *MONTH_COLUMNS])
    _refuse_repeated_months(Path(codebook), table["month"], [number for number, _ in rows])
    return table


def _refuse_repeated_months(codebook: Path, months: pd.Series, lines: list[int]) -> None:
    """Raise InputError naming the first month the table lists twice and both its lines."""
    first: dict[str, int] = {}
    for month, line in zip(months, lines, strict=True):
        if month in first:
            raise InputError(codebook, f"month {month} is in the month table twice (lines "
                             f"{first[month]} and {line}); expected one row per month")
        first[month] = line


def month_table(raw_dates: pd.Series, everything: pd.DataFrame, default: pd.DataFrame,
                months: pd.PeriodIndex) -> pd.DataFrame:
    """The month table computed from the file: the codebook's six counts per month."""
    def per_month(dates: pd.Series) -> list[str]:
        parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
        counts = parsed.dt.to_period("M").value_counts()
        return counts.reindex(months, fill_value=0).astype(str).tolist()

    target = default["target_type"]
    on_us = everything["target_type"].eq("us")
    return pd.DataFrame({
        "month": months.astype(str), MONTH_COLUMNS[0]: per_month(raw_dates),
        MONTH_COLUMNS[1]: per_month(everything["event_date"]),
        MONTH_COLUMNS[2]: per_month(everything.loc[on_us, "event_date"]),
        MONTH_COLUMNS[3]: per_month(default["event_date"]),
        MONTH_COLUMNS[4]: per_month(default.loc[target.eq("us"), "event_date"]),
        MONTH_COLUMNS[5]: per_month(default.loc[target.eq("israel"), "event_date"])})


def month_table_problems(files: RawFiles, everything: pd.DataFrame,
                         default: pd.DataFrame) -> list[str]:
    """One line per month where the codebook's table and the file disagree.

    The table must list every month from the campaign's start to the end of coverage.
    """
    months = pd.period_range(config.CAMPAIGN_START, config.COVERAGE_END, freq="M")
    written = codebook_month_table(files.codebook).set_index("month")
    raw = pd.read_csv(files.incidents, dtype=str, keep_default_na=False, usecols=["event_date"])
    computed = month_table(raw["event_date"], everything, default, months).set_index("month")
    lines = []
    for month, counts in computed.iterrows():
        if month not in written.index:
            lines.append(f"{files.codebook}: the month table has no row for {month}; "
                         f"expected {dict(counts)}")
            continue
        for column, value in counts.items():
            if written.loc[month, column] != value:
                lines.append(f"{files.codebook}, month {month}, column '{column}': the table "
                             f"says {written.loc[month, column]}, the file gives {value}")
    extra = sorted(set(written.index) - set(computed.index))
    lines += [f"{files.codebook}: month {month} is outside the coverage "
              f"{config.CAMPAIGN_START}..{config.COVERAGE_END}" for month in extra]
    return lines
