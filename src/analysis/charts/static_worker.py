"""Render figures with kaleido in a process of its own: ``static_export.StaticExporter`` runs it.

    python -m analysis.charts.static_worker < JOB.json

The browser is opened and plotly.js loaded first; then the job is read from standard input:
a JSON list of ``{"figure": FIGURE.json, "image": OUT.png|svg|pdf, "scale": image pixels per
layout pixel}``. Empty input ends the process with nothing drawn. A browser that hangs can hang
this process, never the caller: the caller stops the whole process group at its deadline.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import kaleido


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


async def serve(read_job) -> None:
    """Open the browser, then draw the job ``read_job()`` returns; raise on the first failure."""
    async with OnePageKaleido(mathjax=False) as browser:
        text = await asyncio.to_thread(read_job)
        if text.strip():
            await browser.write_fig_from_object(specs(json.loads(text)), cancel_on_error=True)


def main() -> int:
    """Serve the job on standard input; one line on stderr when it fails."""
    try:
        asyncio.run(serve(sys.stdin.read))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        print(f"{type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
