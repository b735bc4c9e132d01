"""Column dictionary: one entry per column of each table, the source of every schema.

Each table's pandera schema (``schemas.py``), the codebook tables and the
datapackage.json test are derived from these entries, so a column is described once.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import config


@dataclass(frozen=True)
class Field:
    """One column: what it holds, whether the header must have it, allowed values."""

    description: str
    required: bool = True
    allowed: tuple[str, ...] | None = None


RAW_INCIDENTS: dict[str, Field] = {
    "report_id": Field("Stable identifier of the source report row."),
    "event_date": Field("Date of the attack, ISO YYYY-MM-DD (not the publication date)."),
    "date_note": Field("How the date was worked out from the page.", required=False),
    "published": Field("Publication date of the page, ISO YYYY-MM-DD.", required=False),
    "site": Field("Target as the source names it; resolved through sites.csv."),
    "country": Field("Country as the source names it."),
    "target_type": Field("Who was targeted.", allowed=config.TARGET_TYPES),
    "weapon": Field("Weapon as the source names it.", required=False),
    "claimed_by": Field("Group that claimed the attack, as the source names it.",
                        required=False),
    "reported_by": Field("What the page's account rests on.", allowed=config.REPORTED_BY),
    "attribution": Field("Who the page says carried out the attack: claimed (an Iraqi group "
                         "claimed it), attributed (an Iraqi group or the Islamic Resistance in "
                         "Iraq is named or blamed), iran_backed (only Iran-backed or pro-Iranian "
                         "groups are blamed), unattributed (nobody claimed or was blamed).",
                         allowed=config.ATTRIBUTIONS),
    "outlet": Field("Publishing outlet.", required=False),
    "language": Field("Language of the page (ISO 639-1).", required=False),
    "killed": Field("Killed on the targeted side, as reported.", required=False),
    "wounded": Field("Wounded on the targeted side, as reported.", required=False),
    "confidence": Field("Coder's confidence in the row.", required=False,
                        allowed=config.CONFIDENCE_LEVELS),
    "summary": Field("One-sentence summary in the compiler's words.", required=False),
    "source_url": Field("Address of the public page the row was read from."),
}

SITES: dict[str, Field] = {
    "site_id": Field("Stable identifier of the target site."),
    "name": Field("Canonical name."),
    "aliases": Field("Every spelling seen in reports, separated by '|'."),
    "country": Field("Country the site lies in."),
    "admin1": Field("Province, governorate or district."),
    "region": Field("Target region used in charts.", allowed=config.REGIONS),
    "latitude": Field("WGS84 latitude in degrees; empty for unspecified sites.",
                      required=True),
    "longitude": Field("WGS84 longitude in degrees; empty for unspecified sites.",
                       required=True),
    "site_type": Field("Kind of site (air base, embassy, city, unspecified...)."),
    "target_type": Field("Whose target the site is: us (US and coalition forces and "
                         "facilities), israel, or other.", allowed=config.TARGET_TYPES),
}

REPORTED_TOTALS: dict[str, Field] = {
    "period_start": Field("First day the count covers, ISO."),
    "period_end": Field("Last day the count covers, ISO."),
    "scope": Field("What was counted, in the compiler's words."),
    "target_type": Field("Who was targeted.", allowed=("us", "israel", "all", "other")),
    "count": Field("The published number."),
    "count_iraq": Field("Part of the count in Iraq, if given.", required=False),
    "count_syria": Field("Part of the count in Syria, if given.", required=False),
    "count_jordan": Field("Part of the count in Jordan, if given.", required=False),
    "count_israel": Field("Part of the count on Israel, if given.", required=False),
    "reported_by": Field("Who published it.", allowed=("official", "tracker", "claim", "media")),
    "statement": Field("What was said, in the compiler's words.", required=False),
    "outlet": Field("Publishing outlet.", required=False),
    "published": Field("Publication date, ISO.", required=False),
    "source_url": Field("Address of the public page."),
}

INCIDENTS: dict[str, str] = {
    "incident_id": "Identifier of the de-duplicated attack (I- plus its first report id).",
    "event_date": "Date of the attack (earliest date among its reports).",
    "site_id": "Gazetteer id of the target site.",
    "site_name": "Canonical site name.",
    "country": "Country of the site.",
    "admin1": "Province or governorate of the site.",
    "region": "Target region.",
    "latitude": "Site latitude.",
    "longitude": "Site longitude.",
    "target_type": "us, israel or other.",
    "weapon_category": "drone, rocket, missile, mixed, other or unknown.",
    "groups": "Canonical names of the claiming groups, '; '-separated.",
    "attribution": "The strongest attribution among its reports: claimed, attributed, "
                   "iran_backed or unattributed.",
    "is_claimed": "A group claimed it in at least one report.",
    "is_confirmed": "An official source reported it.",
    "evidence": "claimed, confirmed, both or media.",
    "confidence": ("Highest rating among the reports that describe the attack (high, medium, "
                   "low; empty when none is rated); below min_confidence: the low band."),
    "killed": "Highest reported number killed (empty if never reported).",
    "wounded": "Highest reported number wounded (empty if never reported).",
    "report_count": "Number of source reports merged into the incident.",
    "report_ids": "Ids of those reports, '; '-separated.",
    "source_urls": "Their source pages, ' ; '-separated.",
    "outlets": "Their outlets, '; '-separated.",
    "summary": "Summary of the first report.",
}


def required_columns(table: dict[str, Field]) -> list[str]:
    """Return the columns a raw file's header must contain."""
    return [name for name, field in table.items() if field.required]
