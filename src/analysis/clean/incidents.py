"""The cleaning step: raw source reports -> validated reports, incidents, rejected rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config
from analysis.clean.attribution import attribution_failures, strongest
from analysis.clean.grades import below_minimum, grading, highest
from analysis.clean.merge import assign_incidents
from analysis.clean.result import CleanResult
from analysis.errors import InputError
from analysis.inputs import columns, gazetteer, normalise
from analysis.inputs.load import read_csv_text
from analysis.inputs.schemas import RAW_INCIDENT_ROWS, row_failures

_LOWERCASE_CODES = ("target_type", "reported_by", "attribution", "confidence")


def clean_incidents(
    raw_path: Path = config.RAW_INCIDENTS,
    sites_path: Path = config.RAW_SITES,
    *,
    start: str = config.CAMPAIGN_START,
    end: str | None = None,
    min_confidence: str = "low",
    attribution: str = "any",
    groups_path: Path = config.GROUPS_MAPPING,
    weapons_path: Path = config.WEAPONS_MAPPING,
) -> CleanResult:
    """Clean the project's raw incident file.

    Steps: read every cell as text; refuse the file on duplicate report ids; send
    rows that break a row rule, fall outside [start, end] or name a site the
    gazetteer lacks to the rejected table; map groups and weapons; merge reports of
    one attack into incidents (see ``analysis.clean.merge``), those rated below
    ``min_confidence`` after the others; set aside the reports of incidents whose
    attribution (the strongest of the reports that grade them) the rule does not count;
    grade each incident (its ``confidence``).

    Args:
        raw_path: incidents.csv in the project's format.
        sites_path: the gazetteer.
        start: first day of the window (ISO).
        end: last day of the window (ISO); None keeps every later date.
        min_confidence: reports rated below this (high > medium > low) are merged after
            the others, so that the incidents at or above it are those a run without them
            would give; rows without a rating are never below it.
        attribution: iraqi (incidents claimed by or attributed to Iraqi groups) or any.
        groups_path: group-name mapping (JSON).
        weapons_path: weapon-category mapping (JSON).

    Raises:
        InputError: the file or the gazetteer cannot be used as a whole.
    """
    raw = read_csv_text(raw_path, columns.required_columns(columns.RAW_INCIDENTS))
    sites = gazetteer.load_sites(sites_path)
    _refuse_duplicate_ids(raw, raw_path)
    raw = _fill_optional(raw)
    coded = raw.assign(**{c: raw[c].str.strip().str.lower() for c in _LOWERCASE_CODES})

    reasons = row_failures(RAW_INCIDENT_ROWS, coded)
    checked = coded.drop(index=reasons.index)
    checked = checked.assign(event_date=pd.to_datetime(checked["event_date"], format="%Y-%m-%d"))
    reasons = pd.concat([reasons, _window_failures(checked, start, end)])
    checked = checked.assign(site_id=gazetteer.resolve_sites(checked["site"],
                                                             gazetteer.alias_index(sites)))
    reasons = pd.concat([reasons, _site_failures(checked)])

    reports = checked.drop(index=reasons.index.unique(), errors="ignore")
    reports, unmapped = _normalise(reports, groups_path, weapons_path)
    below = below_minimum(reports["confidence"], min_confidence)
    reports = reports.assign(incident_id=assign_incidents(reports, later=below))
    outside = attribution_failures(reports, attribution,
                                   grades=grading(reports["incident_id"], below))
    reports, reasons = reports.drop(index=outside.index), pd.concat([reasons, outside])
    incidents = build_incidents(reports, sites, below=below.drop(index=outside.index))
    rejected = _rejected_table(raw, reasons)
    summary = summarise(len(raw), reports, incidents, rejected,
                        min_confidence=min_confidence)
    return CleanResult(_report_table(reports), incidents, rejected, summary,
                       tuple(sorted(unmapped)))


def check_raw_file(raw_path: Path) -> None:
    """Refuse, without cleaning it, a file that ``clean_incidents`` would refuse as a whole.

    The same reading and id checks as cleaning (the gazetteer aside): a run calls this
    before any notebook runs, so a bad file costs no notebook.

    Raises:
        InputError: unreadable file, missing columns, ragged rows, an oversized field, no
            data rows, or report ids repeated (see ``clean_incidents``).
    """
    raw = read_csv_text(raw_path, columns.required_columns(columns.RAW_INCIDENTS))
    _refuse_duplicate_ids(raw, Path(raw_path))


def _fill_optional(raw: pd.DataFrame) -> pd.DataFrame:
    missing = {name: "" for name in columns.RAW_INCIDENTS if name not in raw}
    return raw.assign(**missing) if missing else raw


def _refuse_duplicate_ids(raw: pd.DataFrame, path: Path) -> None:
    ids = raw["report_id"].str.strip()
    duplicated = ids.ne("") & ids.duplicated(keep=False)
    if duplicated.any():
        first_id = ids[duplicated].iloc[0]
        rows = raw.loc[ids.eq(first_id), "source_row"].tolist()
        raise InputError(path, f"expected unique report ids; {first_id!r} is on rows "
                         f"{', '.join(map(str, rows))} ({int(duplicated.sum())} rows share ids)",
                         row=rows[1], column="report_id")


def _window_failures(reports: pd.DataFrame, start: str, end: str | None) -> pd.Series:
    low = pd.Timestamp(start)
    high = pd.Timestamp(end) if end else pd.Timestamp.max
    outside = (reports["event_date"] < low) | (reports["event_date"] > high)
    window = f"{start}..{end or 'latest'}"
    return pd.Series(f"event_date: outside the analysis window {window}",
                     index=reports.index[outside], dtype="str")


def _site_failures(reports: pd.DataFrame) -> pd.Series:
    unknown = reports["site_id"].isna()
    names = reports.loc[unknown, "site"]
    return ("site: " + names.map(repr) + " is not in the gazetteer (add it to sites.csv)")


def _normalise(reports: pd.DataFrame, groups_path: Path,
               weapons_path: Path) -> tuple[pd.DataFrame, set[str]]:
    index = normalise.group_index(normalise.load_mapping(groups_path))
    groups, unmapped = normalise.canonical_groups(reports["claimed_by"], index)
    weapons = normalise.weapon_categories(reports["weapon"],
                                          normalise.load_mapping(weapons_path))
    return reports.assign(groups=groups, weapon_category=weapons), unmapped


def _count(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.replace("", None), errors="coerce").astype("Int64")


def _joined(values: pd.Series) -> str:
    parts = [p for value in values for p in str(value).split("; ") if p]
    return "; ".join(sorted(set(parts)))


def build_incidents(reports: pd.DataFrame, sites: pd.DataFrame,
                    below: pd.Series | None = None) -> pd.DataFrame:
    """Collapse reports into one row per incident, keeping every source.

    What an incident is (date, site, weapon, groups, attribution, evidence, casualties,
    summary and its ``confidence``, the highest rating) comes from the reports that grade
    it: those at or above ``min_confidence`` when it has any, else all of them. Its sources
    (report_count, report_ids, source_urls, outlets) are every report merged into it.

    Args:
        reports: normalised reports with ``incident_id``.
        sites: the gazetteer.
        below: True for the reports rated below ``min_confidence`` (None: none is).

    Returns:
        One row per incident, sorted by date and id, columns as in ``columns.INCIDENTS``.
    """
    below = pd.Series(False, index=reports.index) if below is None else below
    frame = reports.assign(killed=_count(reports["killed"]), wounded=_count(reports["wounded"]),
                           is_claim=reports["reported_by"].eq("claim"),
                           is_official=reports["reported_by"].eq("official"),
                           weapon_category=reports["weapon_category"].astype("str"),
                           below=below.astype(bool))
    frame = frame.sort_values(["event_date", "report_id"], kind="stable")
    grading_reports = frame[grading(frame["incident_id"], frame["below"]).to_numpy(bool)]
    incidents = pd.concat([_facts(grading_reports), _sources(frame)], axis=1).reset_index()
    incidents["evidence"] = _evidence(incidents)
    site_columns = sites.set_index("site_id")[["name", "country", "admin1", "region",
                                              "latitude", "longitude"]]
    incidents = incidents.join(site_columns, on="site_id").rename(columns={"name": "site_name"})
    incidents["event_date"] = incidents["event_date"].dt.strftime("%Y-%m-%d")
    ordered = incidents.sort_values(["event_date", "incident_id"], kind="stable")
    return ordered[list(columns.INCIDENTS)].reset_index(drop=True)


def _facts(reports: pd.DataFrame) -> pd.DataFrame:
    """What each incident is, from the reports that grade it (sorted by date and id)."""
    return reports.groupby("incident_id", sort=False).agg(
        event_date=("event_date", "min"), site_id=("site_id", "first"),
        target_type=("target_type", "first"), weapon_category=("weapon_category", _weapon),
        groups=("groups", _joined), attribution=("attribution", strongest),
        is_claimed=("is_claim", "any"),
        is_confirmed=("is_official", "any"), killed=("killed", "max"),
        wounded=("wounded", "max"), confidence=("confidence", highest),
        summary=("summary", "first"))


def _sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Every report merged into each incident (sorted by date and id)."""
    return frame.groupby("incident_id", sort=False).agg(
        report_count=("report_id", "size"), report_ids=("report_id", "; ".join),
        source_urls=("source_url", _urls), outlets=("outlet", _joined))


def _weapon(values: pd.Series) -> str:
    known = {str(v) for v in values} - {"unknown"}
    if not known:
        return "unknown"
    return known.pop() if len(known) == 1 else "mixed"


def _urls(values: pd.Series) -> str:
    return " ; ".join(dict.fromkeys(values))


def _evidence(incidents: pd.DataFrame) -> pd.Series:
    claimed, confirmed = incidents["is_claimed"], incidents["is_confirmed"]
    evidence = pd.Series("media", index=incidents.index, dtype="str")
    evidence[claimed & ~confirmed] = "claimed"
    evidence[~claimed & confirmed] = "confirmed"
    evidence[claimed & confirmed] = "both"
    return evidence


def _report_table(reports: pd.DataFrame) -> pd.DataFrame:
    keep = ["report_id", "incident_id", "source_row", "event_date", "site", "site_id",
            "target_type", "weapon", "weapon_category", "claimed_by", "groups", "reported_by",
            "attribution", "outlet", "language", "killed", "wounded", "confidence", "source_url"]
    table = reports[keep].assign(event_date=reports["event_date"].dt.strftime("%Y-%m-%d"))
    return table.sort_values("source_row", kind="stable").reset_index(drop=True)


def _rejected_table(raw: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    merged = reasons.groupby(level=0).agg("; ".join)
    rejected = raw.loc[merged.index].assign(reason=merged)
    ordered = ["source_row", "report_id", "reason"]
    rest = [c for c in rejected.columns if c not in ordered]
    return rejected[ordered + rest].sort_values("source_row").reset_index(drop=True)


def summarise(raw_rows: int, reports: pd.DataFrame, incidents: pd.DataFrame,
              rejected: pd.DataFrame, min_confidence: str = "low") -> pd.DataFrame:
    """Return the cleaning summary: rows in, rejected by reason, merged, incidents out.

    Under a ``min_confidence`` above low, a last row counts the incidents rated below it.

    Raises:
        RuntimeError: the rows do not add up (a bug: a raw row was lost or doubled).
    """
    merged = len(reports) - len(incidents)
    if raw_rows != len(reports) + len(rejected):
        raise RuntimeError(f"row accounting broken: {raw_rows} raw rows, {len(reports)} kept, "
                           f"{len(rejected)} rejected")
    by_reason = rejected["reason"].str.split(":").str[0].value_counts().sort_index()
    rows = [("raw rows", raw_rows), ("rejected rows", len(rejected))]
    rows += [(f"  rejected: {column}", int(n)) for column, n in by_reason.items()]
    rows += [("reports kept", len(reports)), ("reports merged into an earlier report's incident",
                                              merged), ("incidents", len(incidents))]
    if min_confidence != "low":
        below = below_minimum(incidents["confidence"], min_confidence)
        rows.append((f"  incidents rated below min_confidence {min_confidence}",
                     int(below.sum())))
    return pd.DataFrame(rows, columns=["step", "rows"])
