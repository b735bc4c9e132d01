"""Render figures to PNG/SVG with kaleido in a process of its own: ``export.write_static`` runs it.

    python -m analysis.charts.static_worker JOB.json

JOB.json lists ``{"figure": FIGURE.json, "image": OUT.png|svg|pdf, "scale": image pixels
per layout pixel}`` (``export.write_static`` sets each format's scale). A browser that hangs can
hang this process, never the caller: the caller stops the whole process group at its deadline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def render(job: list[dict[str, str]]) -> None:
    """Write every image of the job with one browser; raise on the first that fails."""
    import asyncio

    import kaleido

    specs = []
    for item in job:
        fig = json.loads(Path(item["figure"]).read_text(encoding="utf-8"))
        image = Path(item["image"])
        layout = fig.get("layout", {})
        specs.append({"fig": fig, "path": image, "opts": {
            "format": image.suffix[1:], "width": layout.get("width"),
            "height": layout.get("height"), "scale": item["scale"]}})
    asyncio.run(kaleido.write_fig_from_object(specs, kopts={"mathjax": False},
                                              cancel_on_error=True))


def main(argv: list[str]) -> int:
    """Run the job named on the command line; one line on stderr when it fails."""
    try:
        render(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        print(f"{type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
