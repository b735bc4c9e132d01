"""Render figures with kaleido in a worker process (``analysis.charts.worker``).

    python -m analysis.charts.static_worker < JOB.json

The browser is opened and plotly.js loaded first; then the job is read from standard input:
a JSON list of ``{"figure": FIGURE.json, "image": OUT.png|svg|pdf, "scale": image pixels per
layout pixel}``. Empty input ends the process with nothing drawn.
``static_export.StaticExporter`` runs it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path

import kaleido

from analysis.charts import worker


class OnePageKaleido(kaleido.Kaleido):
    """kaleido that draws every image of a batch in the page it loaded once.

    kaleido reloads its page after each image, which parses plotly.js (4.8 MB) again: a third
    of the time of a run's 24 images. Drawn in one page, PNG and PDF files are the same bytes;
    SVG elements may get their attributes in another order, which ``normalise_svg`` undoes.
    """

    async def _return_kaleido_tab(self, tab) -> None:  # kaleido's own: put back unreloaded
        await self.tabs_ready.put(tab)


def specs(job: list[dict]) -> list[dict]:
    """Kaleido's description of each image of the job."""
    out = []
    for item in job:
        fig = json.loads(Path(item["figure"]).read_text(encoding="utf-8"))
        image = Path(item["image"])
        layout = fig.get("layout", {})
        out.append({"fig": fig, "path": image, "opts": {
            "format": image.suffix[1:], "width": layout.get("width"),
            "height": layout.get("height"), "scale": item["scale"]}})
    return out


async def draw(read_job: Callable[[], str]) -> None:
    """Open the browser, then draw the job ``read_job()`` returns; raise on the first failure."""
    async with OnePageKaleido(mathjax=False) as browser:
        text = await asyncio.to_thread(read_job)
        if text.strip():
            await browser.write_fig_from_object(specs(json.loads(text)), cancel_on_error=True)


if __name__ == "__main__":
    sys.exit(worker.serve(lambda read_job: asyncio.run(draw(read_job))))
