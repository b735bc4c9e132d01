"""The run's report: findings first, numbered charts with captions, methods, every incident.

Built from the run's own tables and the charts of its executed frequency notebook, with a
Jinja2 template; tables go through pandas Styler (fixed ids, no index, numbers right-aligned
with thousands separators) and the incident table through itables in its offline mode, so
the page needs nothing outside itself: plotly.js and the table library are inlined once.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis import config
from analysis.charts.bands import BAND_GROUP
from analysis.charts.sizing import PRINT, fit
from analysis.inputs.load import load_totals
from analysis.inputs.sources import Source
from analysis.inputs.tables import read_table
from analysis.measure import frequency
from analysis.measure.frequency import frequency_filename
from analysis.measure.grades import BELOW_WORDS, FIRM_WORDS, Grades, counts_below, split
from analysis.measure.phases import phase_counts
from analysis.measure.places import top_places
from analysis.measure.totals import monthly_coverage
from analysis.publish import findings, views
from analysis.publish.captions import CAPTIONS, band_caption
from analysis.publish.html_tables import (
    data_link,
    heading_id,
    incident_rows,
    interactive,
    noted_rows,
    styled,
)
from analysis.publish.policy import content_policy

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Pixels of chart height in the report: two figures (heading, chart, caption) to a page.
PAGE_CHART_HEIGHT = 380
TEMPLATE = "report.html.j2"
TITLE = "Attacks by Iraq-based, Iran-aligned militias on US forces and Israel"
_TAGS = re.compile(r"<[^>]+>")
FREQ_WORDS = {"week": "weekly", "month": "monthly", "quarter": "quarterly"}
LEVEL_WORDS = {"country": "by country", "region": "by target region", "site": "by target site"}
TARGET_WORDS = {"all": "all targets", "us": "US forces only", "israel": "Israel only"}


@dataclass(frozen=True)
class RunTables:
    """What the report reads from a finished (staged) run."""

    incidents: pd.DataFrame
    summary: pd.DataFrame
    selected: pd.DataFrame
    totals: pd.DataFrame
    figures: dict[str, dict]
    start: str
    end: str


def build_report(*, tables_dir: Path, frequency_notebook: Path, target: Path,
                 parameters: dict, dataset_version: str, source: Source,
                 totals_path: Path, downloads: str, sections: tuple[str, ...] = (),
                 released: str = "", figures: str = "figures") -> Path:
    """Write the report as one self-contained HTML file.

    Args:
        tables_dir: the run's tables (incidents.csv, cleaning_summary.csv, frequency_*).
        frequency_notebook: the executed frequency notebook (its charts are shown).
        target: where the HTML goes.
        parameters: the run's parameters.
        dataset_version: the shipped dataset's version.
        source: where the incidents come from (the project's dataset or an export).
        totals_path: the published totals.
        downloads: the folder of the full tables, relative to where the report ends up.
        sections: HTML fragments, already escaped, shown before the sources (``run
            --compare`` gives the comparison with an export, ``analysis.measure.matching``).
        released: the dataset version's release date (ISO), shown under the title.
        figures: the folder of the exported charts and their data (``NAME.csv``), relative
            to where the report ends up: each caption links its chart's data.

    Returns:
        ``target``.
    """
    run = read_run(tables_dir, frequency_notebook, parameters, source, totals_path)
    page = render(run, parameters=parameters, dataset_version=dataset_version, source=source,
                  downloads=downloads, sections=sections, released=released, figures=figures)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def read_run(tables_dir: Path, frequency_notebook: Path, parameters: dict, source: Source,
             totals_path: Path) -> RunTables:
    """Load a run's tables and charts, and its window as the frequency notebook set it."""
    incidents = read_table(tables_dir / "incidents.csv")
    start = str(parameters.get("start") or config.CAMPAIGN_START)
    end = frequency.window_end(incidents, str(parameters.get("end") or ""), start=start,
                               coverage_end=source.coverage_end)
    chosen = frequency.filter_incidents(incidents, target=parameters.get("target", "all"),
                                        start=start, end=end)
    return RunTables(chosen, read_table(tables_dir / "cleaning_summary.csv"),
                     read_table(tables_dir / run_frequency_name(parameters)),
                     load_totals(totals_path),
                     figures_of(frequency_notebook), start, end)


def figures_of(notebook: Path) -> dict[str, dict]:
    """The charts an executed notebook shows, by name (``figures["name"].show()`` cells)."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    shown = {}
    for cell in cells:
        found = re.search(r'figures\["(\w+)"\]\.show\(\)', "".join(cell.get("source", "")))
        for output in cell.get("outputs", []) if found else []:
            if PLOTLY_MIME in output.get("data", {}):
                shown[found.group(1)] = output["data"][PLOTLY_MIME]
    return shown


def chart_count(page: Path) -> int:
    """How many charts a written report holds."""
    return Path(page).read_text(encoding="utf-8").count('<div class="chart-title">')


def window_words(parameters: dict, start: str, end: str, *, rated: bool = True) -> str:
    """The run's parameters in words: "window 17 Oct 2023 to 30 Apr 2026, monthly, ...".

    The confidence words are left out for an input that rates nothing (``rated`` False: an
    ACLED or UCDP export).
    """
    words = [f"window {pd.Timestamp(start):%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}",
             FREQ_WORDS[parameters.get("freq", "month")],
             LEVEL_WORDS[parameters.get("region_level", "region")],
             TARGET_WORDS[parameters.get("target", "all")],
             config.ATTRIBUTION_WORDS[parameters.get("attribution", "iraqi")]]
    confidence = parameters.get("min_confidence", "medium")
    if rated and confidence != "low":
        words.append(f"counts at {FIRM_WORDS[confidence]} confidence"
                     + (f", those rated {BELOW_WORDS[confidence]} drawn apart"
                        if parameters.get("show_low_confidence", True) else ""))
    return ", ".join(words)


def run_grades(parameters: dict, source: Source) -> Grades:
    """How the run graded its attacks: its min_confidence and whether the band is drawn."""
    return Grades(parameters.get("min_confidence", "medium"),
                  parameters.get("show_low_confidence", True), rated=source.rated)


def has_band(figure: dict) -> bool:
    """Whether a chart (as stored in a notebook) draws the band below ``min_confidence``."""
    return any(trace.get("legendgroup") == BAND_GROUP for trace in figure.get("data", []))


def chart_caption(name: str, figure: dict, *, grades: Grades, source: Source, level: str,
                  freq: str) -> str:
    """A chart's caption: what it shows, its band below min_confidence, key dates, source."""
    return " ".join(filter(None, (
        CAPTIONS[name].format(noun=source.noun, level=level, freq=freq),
        band_caption(name, grades) if has_band(figure) else "",
        key_dates_of(figure), source.chart_note)))


def render(run: RunTables, *, parameters: dict, dataset_version: str, source: Source,
           downloads: str, sections: tuple[str, ...] = (), released: str = "",
           figures: str = "figures") -> str:
    """Fill the report template, with a Content-Security-Policy allowing only its own scripts."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=select_autoescape(["j2", "html"]), trim_blocks=True)
    level, freq = parameters.get("region_level", "region"), parameters.get("freq", "month")
    grades = run_grades(parameters, source)
    charts = [{"number": number, "name": name,
               "data_link": Markup(data_link(f"{figures}/{name}.csv")),
               "id": heading_id(f"Figure {number}. {chart_title(run.figures[name])[0]}"),
               "caption": chart_caption(name, run.figures[name], grades=grades, source=source,
                                        level=level, freq=freq),
               "title": chart_title(run.figures[name]),
               "html": Markup(chart_html(run.figures[name], name))}
              for number, name in enumerate(
                  [n for n in CAPTIONS if n in run.figures], start=1)]
    coverage_figure = next((c["number"] for c in charts if c["name"] == "coverage_by_month"), None)
    tables, plotly_js, itables_js = _tables(run, level, grades), _plotly_js(), _itables_js()
    own = [itables_js, tables["incidents_interactive"], *(c["html"] for c in charts), *sections]
    return environment.get_template(TEMPLATE).render(
        policy=content_policy([plotly_js], own),
        grades=grades, coverage_figure=coverage_figure,
        counted=config.ATTRIBUTION_WORDS[parameters.get("attribution", "iraqi")],
        sections=[Markup(fragment) for fragment in sections],
        source_sentence=Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>",
                                      html.escape(source.report_sentence))),
        title=TITLE,
        dataset_version=dataset_version, source=source, provider=source.fmt != "project",
        coverage_end=f"{pd.Timestamp(config.COVERAGE_END):%-d %B %Y}",
        window=_sentence_case(window_words(parameters, run.start, run.end,
                                           rated=grades.rated)),
        findings=findings.key_findings(run.incidents, run.totals, start=run.start, end=run.end,
                                       noun=source.noun, min_confidence=grades.minimum),
        charts=charts, tables=tables, downloads=downloads, contents=contents(charts),
        released=f"{pd.Timestamp(released):%-d %B %Y}" if released else "unknown",
        frequency_file=run_frequency_name(parameters),
        merge_days=config.MERGE_TOLERANCE_DAYS, top_places=config.TOP_PLACES,
        plotly_js=Markup(plotly_js), itables_js=Markup(itables_js))


def contents(charts: list[dict]) -> list[dict]:
    """The report's table of contents: its sections, the figures under "Charts"."""
    def entry(title: str, children: tuple = (), print_only: bool = False) -> dict:
        return {"id": heading_id(title), "title": title, "children": list(children),
                "print_only": print_only}

    figures = [{**entry(f"Figure {c['number']}. {c['title'][0]}")} for c in charts]
    appendix = (entry("Every incident, with its sources", print_only=True),
                entry("Source notes", print_only=True))
    return [entry("Key findings"), entry("Charts", figures), entry("Methods"),
            entry("Limitations"), entry("Every incident"), entry("Sources and how to cite"),
            entry("Appendix", appendix)]


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def run_frequency_name(parameters: dict) -> str:
    """The file name of the run's chosen frequency table."""
    return frequency_filename(parameters.get("freq", "month"),
                              parameters.get("region_level", "region"))


def chart_title(figure: dict) -> tuple[str, str]:
    """A chart's title and subtitle as plain text (the page escapes them again)."""
    text = ((figure.get("layout") or {}).get("title") or {}).get("text") or ""
    parts = [html.unescape(_TAGS.sub("", part)) for part in text.split("<br>", 1)]
    return parts[0], parts[1] if len(parts) > 1 else ""


def page_figure(figure: dict) -> go.Figure:
    """A chart as the report draws it: laid out for print (the A4 text column).

    At most ``PAGE_CHART_HEIGHT`` high, so that two figures with their headings and captions
    share a printed page. Its title, key to the dated markers and source line move to the
    page (heading and caption), where long text wraps.
    """
    # The figure is plotly's own JSON of a chart validated as the notebook built it: checking
    # every property again took a third of the report's time and changed nothing drawn.
    return fit(go.Figure(figure, _validate=False),
               replace(PRINT, max_height=PAGE_CHART_HEIGHT,
                       min_height=300), titled=False)


def key_dates_of(figure: dict) -> str:
    """What a chart's numbered date markers stand for ("" when it has none)."""
    return ((figure.get("layout") or {}).get("meta") or {}).get("key_dates", "")


def chart_html(figure: dict, name: str) -> str:
    """One chart (``page_figure``) as a div with a fixed id (plotly.js is included elsewhere)."""
    return pio.to_html(page_figure(figure), include_plotlyjs=False, full_html=False,
                       div_id=f"chart-{name}", config={"displaylogo": False})


def _tables(run: RunTables, level: str, grades: Grades) -> dict:
    from markupsafe import Markup

    incidents, noted = incident_rows(run.incidents), noted_rows(run.incidents)
    coverage = views.coverage_view(monthly_coverage(
        run.incidents, run.totals, start=run.start, end=run.end, min_confidence=grades.minimum),
        min_confidence=grades.minimum)
    return {
        "phases": Markup(styled(phase_table(run.incidents, run.end, grades.minimum), "phases",
                                "Attacks per phase and target")),
        "coverage": Markup(styled(coverage, "coverage", "Months with a published count: "
                                  "attacks recorded against it")),
        "incidents_interactive": Markup(interactive(incidents)),
        "incidents_print": Markup(styled(noted[0], "incidents-print", "Every attack in the "
                                         "window; sources are the numbered notes that follow",
                                         escaped=True)),
        "notes": [(number, Markup(link)) for number, link in noted[1]],
        "periods": Markup(styled(period_table(run.selected, level), "periods",
                                 period_caption(run.selected, grades))),
        "cleaning": Markup(styled(run.summary.rename(columns={"step": "Step", "rows": "Rows"}),
                                  "cleaning", "From raw rows to incidents")),
        "incident_count": len(incidents),
        "low_count": len(split(run.incidents, grades.minimum)[1])}


def period_caption(selected: pd.DataFrame, grades: Grades) -> str:
    """The appendix table's caption: what its cells count, and what "+n" adds."""
    caption = ("Attacks per period and place (the most-attacked places; the full table is a "
               "download)")
    if not counts_below(selected):
        return caption
    return (f"{caption}: attacks at {grades.firm_grade} confidence; \"+n\": n more rated "
            f"{grades.low_grade}")


def phase_table(incidents: pd.DataFrame, end: str, min_confidence: str = "low") -> pd.DataFrame:
    """Attacks per phase and target at or above ``min_confidence``, as the report shows them.

    When attacks below it change a phase's count, a last column gives the count with them,
    in the phases where it differs.
    """
    names = {"phase": "Phase", "from": "From", "to": "To", "all": "All",
             **{target: name for target, name in findings.TARGET_NAMES.items()}}
    counts = phase_counts(incidents, end, min_confidence)
    table = counts.drop(columns="low_confidence").rename(columns=names)
    if counts["low_confidence"].any():
        with_low = (counts["all"] + counts["low_confidence"]).astype(str)
        table[f"All, with those rated {BELOW_WORDS[min_confidence]}"] = with_low.where(
            counts["low_confidence"].gt(0), "")
    return table


def period_table(selected: pd.DataFrame, level: str) -> pd.DataFrame:
    """Attacks per period and most-attacked place (``top_places``), as the report shows them.

    Where attacks below ``min_confidence`` are counted (``attacks_low_confidence``), a cell
    that has any gives them after its own count ("2 +1", ``views.graded_wide_view``).
    """
    shown = top_places(selected, level)
    if shown.empty:
        return pd.DataFrame({"Period starting": sorted(set(selected["period_start"]))})
    wide = views.graded_wide_view(shown.astype({"attacks": "int64"}))
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename(columns={"total": "All"}).reset_index().rename(
        columns={"period_start": "Period starting"})


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _itables_js() -> str:
    """The table library, inlined: itables' offline bundle and its start-up script."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)
