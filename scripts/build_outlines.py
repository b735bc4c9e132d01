"""Build data/reference/outlines.geojson from Natural Earth 1:50m country outlines.

The input is countries-50m.json of the npm package world-atlas 2.0.2 (TopoJSON of
Natural Earth, public domain). Run once by hand; the output is committed so maps need
nothing from the internet:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_outlines.py package/countries-50m.json data/reference/outlines.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The map frame: the Levant, Iraq and the northern Gulf, with a margin.
BBOX = (30.0, 27.0, 52.0, 39.5)  # lon_min, lat_min, lon_max, lat_max


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return [[round(lon, 3), round(lat, 3)] for lon, lat in points]


def _inside(ring: list[list[float]]) -> bool:
    lon_min, lat_min, lon_max, lat_max = BBOX
    return any(lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for lon, lat in ring)


def build(source: Path, target: Path) -> None:
    """Write the outlines of the countries that reach into BBOX as GeoJSON."""
    topology = json.loads(source.read_text())
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(polygon[0], arcs) for polygon in polygons]
        rings = [ring for ring in rings if _inside(ring)]
        if rings:
            name = geometry["properties"]["name"]
            features.append({"type": "Feature", "properties": {"name": name},
                             "geometry": {"type": "MultiLineString", "coordinates": rings}})
    features.sort(key=lambda feature: feature["properties"]["name"])
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:50m admin-0 countries via world-atlas 2.0.2 "
                            "(public domain)",
                  "features": features}
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
