"""Our pipeline's core on an ACLED export, in one fresh process: load, validate, clean,
aggregate to the monthly region table. Prints wall seconds and peak memory (MiB).

    python benchmarks/ours.py EXPORT.csv OUT.csv
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

began = time.perf_counter()

from analysis import config  # noqa: E402
from analysis.clean.exports import clean_export  # noqa: E402
from analysis.inputs.tables import write_csv  # noqa: E402
from analysis.measure.frequency import frequency_table, window_end  # noqa: E402

START = config.CAMPAIGN_START


def main(source: Path, target: Path) -> dict:
    """Run the steps and write the table; return timing facts."""
    result = clean_export(source, config.RAW_SITES, "acled", start=START, end=None)
    end = window_end(result.incidents, "", start=START)
    table = frequency_table(result.incidents, freq="month", region_level="region", start=START,
                            end=end)
    write_csv(table, target)
    return {"rows_in": int(result.summary.set_index("step").loc["raw rows", "rows"]),
            "incidents": len(result.incidents), "end": end}


if __name__ == "__main__":
    facts = main(Path(sys.argv[1]), Path(sys.argv[2]))
    facts["seconds"] = round(time.perf_counter() - began, 3)
    facts["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(facts))
