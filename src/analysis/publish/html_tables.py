"""Tables as HTML for reading: every cell escaped, only http(s) addresses as links.

The report, the notebook views and the comparison section build their tables here, so
text from any input reaches a page through one escaping path.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from itables import to_html_datatable

INCIDENT_COLUMNS = {"event_date": "Date", "site_name": "Site", "region": "Region",
                    "target_type": "Target", "weapon_category": "Weapon",
                    "groups": "Group named", "evidence": "Evidence", "killed": "Killed",
                    "wounded": "Wounded", "sources": "Sources", "summary": "Summary"}


def incident_rows(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incident table as shown: text HTML-escaped, every source page a numbered link."""
    frame = incidents.assign(sources=incidents["source_urls"].fillna("").map(source_links))
    frame = frame[[c for c in INCIDENT_COLUMNS if c in frame]]
    for column in frame.columns:
        if column != "sources" and frame[column].dtype != "int64":
            frame[column] = frame[column].map(_cell)
    return frame.rename(columns=INCIDENT_COLUMNS).reset_index(drop=True)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return html.escape(str(value))


def source_links(urls: str) -> str:
    """Numbered links to each source page (only http and https addresses become links)."""
    links = [url.strip() for url in urls.split(" ; ") if url.strip()]
    return " ".join(
        f'<a href="{html.escape(url)}">[{number}]</a>' if re.match(r"https?://", url)
        else html.escape(url) for number, url in enumerate(links, start=1))


def styled(frame: pd.DataFrame, uuid: str, caption: str, *, escaped: bool = False) -> str:
    """A table for reading: caption, no index, numbers right-aligned with separators."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    styler = (frame.style.hide(axis="index").set_uuid(uuid).set_caption(caption)
              .format(thousands=",", precision=0, na_rep="",
                      escape=None if escaped else "html")
              .set_properties(subset=numeric, **{"text-align": "right"})
              .set_table_attributes('class="data"'))
    return styler.to_html()


def interactive(frame: pd.DataFrame) -> str:
    """The incident table, searchable and sortable offline (itables, no network)."""
    # maxBytes=0: itables would otherwise drop rows of a table over 64 KB.
    return to_html_datatable(frame, table_id="incidents", connected=False, allow_html=True,
                             display_logo_when_loading=False, classes="display compact",
                             pageLength=25, showIndex=False, maxBytes=0,
                             caption="Every attack in the window, with its sources")
