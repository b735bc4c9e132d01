"""The same monthly region table computed by DuckDB from the same export, in one fresh process.

Same selection (actor pattern on actor1 / assoc_actor_1, default event types, the four
countries, the window), same region rule (nearest same-country gazetteer site within
25 km, else the admin1 table, else the country's catch-all region), zero-filled.

    python benchmarks/duck.py EXPORT.csv END OUT.csv
"""

from __future__ import annotations

import json
import resource
import sys
import time

began = time.perf_counter()

import duckdb  # noqa: E402

from analysis import config  # noqa: E402
from analysis.clean.exports import DEFAULT_COUNTRIES  # noqa: E402
from analysis.inputs.exports import DEFAULT_ACTOR_PATTERN  # noqa: E402
from analysis.inputs.exports.acled import DEFAULT_EVENT_TYPES  # noqa: E402
from analysis.inputs.exports.regions import EARTH_RADIUS_KM, country_region  # noqa: E402

QUERY = """
WITH events AS (
  SELECT event_id_cnty AS id, CAST(event_date AS DATE) AS day, country, trim(admin1) AS admin1,
         TRY_CAST(NULLIF(latitude, '') AS DOUBLE) AS lat,
         TRY_CAST(NULLIF(longitude, '') AS DOUBLE) AS lon
  FROM read_csv($source, all_varchar = true, header = true)
  WHERE (regexp_matches(actor1, $actors) OR regexp_matches(coalesce(assoc_actor_1, ''), $actors))
    AND lower(trim(event_type)) IN (SELECT unnest($event_types))
    AND country IN (SELECT unnest($countries))
    AND CAST(event_date AS DATE) >= CAST($start AS DATE)
),
sites AS (
  SELECT site_id, region, country, latitude AS slat, longitude AS slon
  FROM read_csv($sites, header = true) WHERE latitude IS NOT NULL
),
nearest AS (
  SELECT e.id, arg_min(s.region, 2 * $radius * asin(sqrt(
           pow(sin(radians(s.slat - e.lat) / 2), 2)
           + cos(radians(e.lat)) * cos(radians(s.slat)) * pow(sin(radians(s.slon - e.lon) / 2), 2)
         ))) AS region,
         min(2 * $radius * asin(sqrt(
           pow(sin(radians(s.slat - e.lat) / 2), 2)
           + cos(radians(e.lat)) * cos(radians(s.slat)) * pow(sin(radians(s.slon - e.lon) / 2), 2)
         ))) AS km
  FROM events e JOIN sites s ON s.country = e.country
  WHERE e.lat IS NOT NULL
  GROUP BY e.id
),
admin AS (SELECT DISTINCT country, admin1, region FROM read_csv($admin1, header = true)),
placed AS (
  SELECT e.day, coalesce(CASE WHEN n.km <= $max_km THEN n.region END, a.region, f.region) AS region
  FROM events e
  LEFT JOIN nearest n ON n.id = e.id
  LEFT JOIN admin a ON a.country = e.country AND a.admin1 = e.admin1
  LEFT JOIN fallback f ON f.country = e.country
),
months AS (
  SELECT CAST(range AS DATE) AS period_start
  FROM range(date_trunc('month', CAST($start AS DATE)), CAST($end AS DATE) + 1, INTERVAL 1 MONTH)
),
counted AS (
  SELECT date_trunc('month', day) AS period_start, region, count(*) AS attacks
  FROM placed WHERE day <= CAST($end AS DATE) GROUP BY ALL
)
SELECT strftime(m.period_start, '%Y-%m-%d') AS period_start, r.region AS place,
       coalesce(c.attacks, 0) AS attacks,
       0 AS attacks_low_confidence  -- an export rates nothing: none is below min_confidence
FROM months m CROSS JOIN regions r
LEFT JOIN counted c ON c.period_start = m.period_start AND c.region = r.region
ORDER BY m.period_start, r.position
"""


def main(source: str, end: str, target: str) -> None:
    """Compute the table with DuckDB and write it as CSV."""
    db = duckdb.connect()
    regions = [(name, position) for position, name in enumerate(config.REGIONS)]
    db.execute("CREATE TABLE regions (region VARCHAR, position INTEGER)")
    db.executemany("INSERT INTO regions VALUES (?, ?)", regions)
    db.execute("CREATE TABLE fallback (country VARCHAR, region VARCHAR)")
    db.executemany("INSERT INTO fallback VALUES (?, ?)",
                   [(c, country_region(c)) for c in DEFAULT_COUNTRIES])
    parameters = {
        "source": source, "sites": str(config.RAW_SITES),
        "admin1": str(config.MAPPINGS_DIR / "admin1_regions.csv"),
        "actors": DEFAULT_ACTOR_PATTERN, "event_types": [t.lower() for t in DEFAULT_EVENT_TYPES],
        "countries": list(DEFAULT_COUNTRIES), "start": config.CAMPAIGN_START, "end": end,
        "radius": EARTH_RADIUS_KM, "max_km": 25.0,
    }
    table = db.execute(QUERY, parameters).df()
    table.to_csv(target, index=False, lineterminator="\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
    print(json.dumps({"seconds": round(time.perf_counter() - began, 3),
                      "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                        / 1024, 1)}))
