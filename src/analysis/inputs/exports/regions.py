"""Target regions for export rows: nearest gazetteer site, else admin1 table, else country.

Rule, in order:
1. the nearest gazetteer site (sites.csv, sites with coordinates) in the row's own
   country, when it lies within ``max_site_km`` (haversine): that site's id, name, region;
2. else the (country, admin1) -> region table (data/raw/mappings/admin1_regions.csv):
   site id "<country>-<admin1>" (slug), site name = the row's admin1;
3. else the country's "unspecified" region ("Jordan" for Jordan, "other" for a
   country the project has no region for): site id "<country>-unspecified".
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.errors import InputError
from analysis.inputs.exports.values import take_text
from analysis.inputs.load import read_csv_text
from analysis.inputs.text import name_key

ADMIN1_REGIONS = config.MAPPINGS_DIR / "admin1_regions.csv"
EARTH_RADIUS_KM = 6371.0088
_CHUNK_ROWS = 65_536
_SUFFIX = re.compile(r"\s+(?:governorate|province|district|muhafazat|region)$")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|at|an|ad|ash|az|ha)\s+")

SOURCES = ("nearest site", "admin1 table", "country")


def admin1_key(text: str) -> str:
    """Key for matching admin1 spellings: "Al-Anbar Governorate" and "Anbar" -> "anbar"."""
    key = _SUFFIX.sub("", name_key(text))
    return _ARTICLE.sub("", key).replace(" ", "")


def slug(text: str) -> str:
    """Return a lowercase ASCII id part: "Al Hasakeh" -> "al-hasakeh"."""
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-")


def load_admin1_regions(path: Path = ADMIN1_REGIONS) -> dict[tuple[str, str], str]:
    """Read the (country, admin1) -> region table, keyed by (country key, admin1 key).

    Raises:
        InputError: a region outside ``config.REGIONS``, an empty cell, or two rows
            whose spellings match but whose regions differ.
    """
    table = read_csv_text(path, ["country", "admin1", "region"])
    index: dict[tuple[str, str], str] = {}
    for country, admin1, region, row in zip(table["country"], table["admin1"], table["region"],
                                            table["source_row"], strict=True):
        column = "region" if region not in config.REGIONS else None
        if column or not country.strip() or not admin1.strip():
            raise InputError(path, f"expected a country, an admin1 and one of the regions "
                             f"{', '.join(config.REGIONS)}", row=row, column=column)
        key = (name_key(country), admin1_key(admin1))
        if index.setdefault(key, region) != region:
            raise InputError(path, f"{admin1!r} is already mapped to {index[key]!r}",
                             row=row, column="admin1")
    return index


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat2: np.ndarray,
                 lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between paired points given in degrees."""
    phi1, phi2 = np.radians(lat), np.radians(lat2)
    dlmb = np.radians(lon2) - np.radians(lon)
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lmb = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lmb), np.cos(phi) * np.sin(lmb), np.sin(phi)])


def nearest_sites(lat: np.ndarray, lon: np.ndarray, country: np.ndarray,
                  sites: pd.DataFrame, max_km: float) -> np.ndarray:
    """Return, per row, the position in ``sites`` of the nearest same-country site.

    -1 where there is none within ``max_km`` (no coordinates, no site in that country,
    or all too far). Vectorised in chunks of rows: the nearest site on the sphere is the
    one whose unit vector has the largest dot product with the row's (a rows x sites
    matrix product); the haversine distance to it then decides ``max_km``.
    """
    found = np.full(len(lat), -1, dtype=np.int64)
    if not len(sites) or not len(lat):
        return found
    site_lat, site_lon = sites["latitude"].to_numpy(float), sites["longitude"].to_numpy(float)
    site_vectors = _unit_vectors(site_lat, site_lon)
    row_codes, names = pd.factorize(pd.Series(country, dtype="str"), use_na_sentinel=False)
    code_of = {name: code for code, name in enumerate(names)}
    site_codes = np.array([code_of.get(name_key(c), -1) for c in sites["country"]])
    for begin in range(0, len(lat), _CHUNK_ROWS):
        part = slice(begin, begin + _CHUNK_ROWS)
        dots = _unit_vectors(lat[part], lon[part]) @ site_vectors.T
        dots[(row_codes[part][:, None] != site_codes[None, :]) | np.isnan(dots)] = -np.inf
        best = dots.argmax(axis=1)
        usable = np.isfinite(dots[np.arange(len(best)), best])
        km = haversine_km(lat[part], lon[part], site_lat[best], site_lon[best])
        found[part] = np.where(usable & (km <= max_km), best, -1)
    return found


def assign_regions(rows: pd.DataFrame, sites: pd.DataFrame,
                   admin1_regions: dict[tuple[str, str], str], max_km: float) -> pd.DataFrame:
    """Give each row a site id, site name, region and the rule that chose them.

    Args:
        rows: ``country`` (canonical name), ``admin1`` (text), ``latitude`` and
            ``longitude`` (floats, NaN when missing).
        sites: the gazetteer (``analysis.inputs.gazetteer.load_sites``).
        admin1_regions: ``load_admin1_regions()``.
        max_km: how far the nearest site may be.

    Returns:
        Columns site_id, site_name, region, region_source (one of ``SOURCES``).
    """
    located = sites.dropna(subset=["latitude", "longitude"]).reset_index(drop=True)
    country_codes, countries = pd.factorize(rows["country"], use_na_sentinel=False)
    country_keys = [name_key(c) for c in countries]
    near = nearest_sites(rows["latitude"].to_numpy(float), rows["longitude"].to_numpy(float),
                         np.array(country_keys, dtype=object)[country_codes], located, max_km)
    admin1_codes, names = pd.factorize(rows["admin1"].str.strip(), use_na_sentinel=False)
    # One integer per distinct outcome: -(site + 1) for a site, else (country, admin1).
    place = np.where(near >= 0, -(near + 1),
                     country_codes.astype(np.int64) * (len(names) + 1) + admin1_codes)
    codes, places = pd.factorize(place)
    found = [_place(int(p), located, countries, country_keys, names, admin1_regions)
             for p in places]
    columns = ("site_id", "site_name", "region", "region_source")
    return pd.DataFrame({name: take_text([f[i] for f in found], codes, rows.index)
                         for i, name in enumerate(columns)})


def _place(place: int, located: pd.DataFrame, countries: pd.Index, country_keys: list[str],
           names: pd.Index, table: dict[tuple[str, str], str]) -> tuple[str, str, str, str]:
    """Site id, site name, region and rule for one distinct outcome of ``assign_regions``."""
    if place < 0:
        site = located.iloc[-place - 1]
        return site["site_id"], site["name"], site["region"], SOURCES[0]
    country_code, admin1_code = divmod(place, len(names) + 1)
    country, key, name = countries[country_code], country_keys[country_code], names[admin1_code]
    region = table.get((key, admin1_key(name)), "") if name else ""
    if region:
        return slug(f"{key} {name}"), name, region, SOURCES[1]
    return f"{slug(country)}-unspecified", f"{country} (unspecified)", country_region(
        country), SOURCES[2]


def country_region(country: str) -> str:
    """Return a country's catch-all region: "<country> - unspecified", the country, or other."""
    for region in (f"{country} - unspecified", country):
        if region in config.REGIONS:
            return region
    return "other"
