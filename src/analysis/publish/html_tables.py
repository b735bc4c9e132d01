"""Tables as HTML for reading: every value escaped, only http(s) addresses as links.

The report, the notebook views and the comparison section build their tables here, so
text from any input (raw rows, gazetteers, exports, parameters) reaches a page through one
escaping path, ``text``: cells, column headers, index labels and captions alike. Tables are
marked so that MathJax (JupyterLab) leaves them alone: ``$x$`` in the data stays text.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from itables import to_html_datatable
from pandas.io.formats.style import Styler

from analysis.inputs.text import is_web_address

# MathJax skips elements of these classes (v2 and v3 names): data is never typeset as LaTeX.
NOT_TYPESET = "tex2jax_ignore mathjax_ignore"
RIGHT = [{"selector": "td", "props": "text-align: right"}]
INCIDENT_COLUMNS = {"event_date": "Date", "site_name": "Site", "region": "Region",
                    "target_type": "Target", "weapon_category": "Weapon",
                    "groups": "Group named", "attribution": "Attribution",
                    "evidence": "Evidence", "confidence": "Confidence", "killed": "Killed",
                    "wounded": "Wounded", "sources": "Sources", "summary": "Summary"}


def text(value: object) -> str:
    """Any value as HTML text (``& < > " '`` escaped): the one way data reaches a page."""
    return html.escape(str(value))


def cell_text(value: object) -> str:
    """A table cell as HTML text: blank for missing, whole numbers with thousands separators."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return text(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return text(value)


def incident_rows(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incident table as shown: text HTML-escaped, every source page a numbered link."""
    frame = incidents.assign(sources=incidents["source_urls"].fillna("").map(source_links))
    frame = frame[[c for c in INCIDENT_COLUMNS if c in frame]]
    for column in frame.columns:
        if column != "sources" and frame[column].dtype != "int64":
            frame[column] = frame[column].map(cell_text)
    return frame.rename(columns=INCIDENT_COLUMNS).reset_index(drop=True)


def heading_id(title: str) -> str:
    """A heading's id: its text in lower case, words joined by "-" (as PDF outlines name it)."""
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def noted_rows(incidents: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The incident table for print: sources as note numbers, and the numbered notes.

    Each source page gets the next number in table order; a note is its address (a link
    when it is an http or https address), escaped like every cell.
    """
    notes: list[tuple[int, str]] = []
    numbers = []
    for urls in incidents["source_urls"].fillna(""):
        first = len(notes) + 1
        notes += [(len(notes) + 1, _link(url, text(url))) for url in _addresses(urls)]
        numbers.append(", ".join(str(n) for n in range(first, len(notes) + 1)))
    # The printed page is narrow: the region names the target's country, and the two
    # casualty counts share one column.
    frame = incident_rows(incidents).assign(Sources=numbers).drop(columns="Target")
    if {"Killed", "Wounded"} <= set(frame.columns):
        both = [f"{k} / {w}" if (k or w) else "" for k, w in
                zip(frame["Killed"].astype(str).replace("nan", ""),
                    frame["Wounded"].astype(str).replace("nan", ""), strict=True)]
        frame.insert(list(frame.columns).index("Killed"), "Killed / wounded", both)
        frame = frame.drop(columns=["Killed", "Wounded"])
    return frame, notes


def _addresses(urls: str) -> list[str]:
    """The source addresses of one incident (joined by " ; " in the tables)."""
    return [url.strip() for url in urls.split(" ; ") if url.strip()]


def _link(url: str, label: str) -> str:
    """``label`` (HTML) linking to ``url`` when it is an http(s) address; else the address."""
    return f'<a href="{text(url)}">{label}</a>' if is_web_address(url) else text(url)


def source_links(urls: str) -> str:
    """Numbered links to each source page (only http and https addresses become links)."""
    return " ".join(_link(url, f"[{number}]")
                    for number, url in enumerate(_addresses(urls), start=1))


def _html_cell(value: object) -> str:
    """A cell that is HTML already (escaped text, links): numbers are still formatted."""
    return value if isinstance(value, str) else cell_text(value)


def table_styler(frame: pd.DataFrame, uuid: str, caption: str = "", *,
                 html_columns: Iterable[str] = (), index: bool = False,
                 classes: str = "data") -> Styler:
    """A frame as a Styler whose every value is escaped by ``text``.

    Cells go through ``cell_text`` (those of ``html_columns`` are HTML already, built here
    by ``source_links``), and column labels, index labels and names, and the caption through
    ``text``. The table id is ``uuid`` (no random id) and carries ``NOT_TYPESET``.
    """
    shown = frame.copy()
    shown.columns = [text(label) for label in frame.columns]
    shown.index = frame.index.map(text).set_names(
        [None if name is None else text(name) for name in frame.index.names])
    linked = {text(label) for label in html_columns}
    numeric = [text(c) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    plain = [c for c in shown.columns if c not in linked]
    # No id per cell, one style rule per numeric column: small, repeatable HTML.
    styler = Styler(shown, uuid=uuid, cell_ids=False)
    styler = (styler.format(cell_text, subset=plain) if plain else styler)
    styler = (styler.set_table_styles({c: RIGHT for c in numeric}, overwrite=False)
              .set_table_attributes(f'class="{classes} {NOT_TYPESET}"'))
    if linked:
        styler = styler.format(_html_cell, subset=list(linked))
    if caption:
        styler = styler.set_caption(text(caption))
    return styler if index else styler.hide(axis="index")


def styled(frame: pd.DataFrame, uuid: str, caption: str = "", *, escaped: bool = False) -> str:
    """A table for reading: caption, no index, numbers right-aligned with separators.

    ``escaped``: every cell is HTML already (``incident_rows``); headers and caption are
    escaped all the same.
    """
    html_columns = frame.columns if escaped else ()
    return table_styler(frame, uuid, caption, html_columns=html_columns).to_html()


def frame_html(frame: pd.DataFrame) -> str:
    """A data frame as a notebook shows it: escaped like every table, its index kept.

    A long frame is cut after ``display.max_rows`` rows, as pandas would.

    The table id comes from the content, so the same frame gives the same HTML (nbval).
    """
    digest = hashlib.sha256(frame.to_csv().encode("utf-8")).hexdigest()[:12]
    index = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    # As long as pandas would show it: the first display.max_rows rows, then "...".
    return table_styler(frame, f"view-{digest}", index=index).to_html(
        max_rows=pd.get_option("display.max_rows"))


@dataclass(frozen=True)
class HtmlTable:
    """A table a notebook shows as HTML (escaped text, links) and as plain text otherwise."""

    frame: pd.DataFrame
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.frame.to_string()


def interactive(frame: pd.DataFrame) -> str:
    """The incident table, searchable and sortable offline (itables, no network).

    ``frame`` comes from ``incident_rows`` (cells escaped, links built); the headers are
    escaped here, and the whole table is marked ``NOT_TYPESET``.
    """
    shown = frame.set_axis([text(label) for label in frame.columns], axis="columns")
    # maxBytes=0: itables would otherwise drop rows of a table over 64 KB.
    table = to_html_datatable(shown, table_id="incidents", connected=False, allow_html=True,
                              display_logo_when_loading=False, classes="display compact",
                              pageLength=25, showIndex=False, maxBytes=0,
                              caption="Every attack in the window, with its sources")
    return f'<div class="{NOT_TYPESET}">{table}</div>'


def data_link(path: str) -> str:
    """A caption's link to a chart's data: a link on screen, its path as text in print."""
    path = html.escape(path)
    return (f'<span class="screen-only"><a href="{path}">data</a></span>'
            f'<span class="print-only">The numbers it draws: {path}.</span>')
