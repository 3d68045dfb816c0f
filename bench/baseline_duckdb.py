#!/usr/bin/env python3
"""Baseline: the area_sum check in SQL with DuckDB (pip install duckdb).

    python3 bench/baseline_duckdb.py PLAN.json > failing.jsonl

stdout: the failing set, one JSON line each, sorted by indicator, area, year:
    {"indicator": "gdp", "area": "1405", "year": 2023, "difference": "11.96"}
stderr: timings (read, check) in milliseconds.

How the file is read: a plan is ONE JSON object whose `targets` array holds every
figure, so `read_json` yields a single row; its `maximum_object_size` must exceed the
file (the default is 16 MB). The columns are given explicitly, so DuckDB does not
sample the file to infer types, and `unnest(targets, recursive := true)` turns the
list of structs into rows.

Exactness: DuckDB's JSON reader parses numbers as doubles (read as DECIMAL they come
out as 12345678901234.5702580224, not .57). Read as VARCHAR, a number comes back as
the double's shortest round-trip text, which is the file's decimal whenever it has at
most 15 significant digits; that text is then cast to DECIMAL(38, 10) and summed
exactly. The script refuses files with a value of more than 15 significant digits or
more than 10 decimal places (or a negative exponent) rather than compare inexactly. No epsilon.

What it checks is what bench/areasum.mjs checks (see there): exact values of additive
indicators, parents whose children all have a target; ranges, tolerances and derived
roll-ups are not reproduced.
"""

import json
import os
import sys
import time
from decimal import Decimal

import duckdb

QUERY = """
WITH
  t AS (SELECT unnest(targets, recursive := true) FROM plan),
  a AS (SELECT unnest(areas, recursive := true) FROM plan),
  i AS (SELECT unnest(indicators, recursive := true) FROM plan),
  v AS (
    SELECT t.indicator, t.area, t."year", CAST(t."value" AS DECIMAL(38, 10)) AS val
    FROM t JOIN i ON i.id = t.indicator
    WHERE coalesce(i.additive, true) AND t."value" IS NOT NULL AND t."year" IS NOT NULL
  ),
  n_children AS (
    SELECT parent, count(*) AS n FROM a WHERE parent IS NOT NULL GROUP BY parent
  ),
  sums AS (
    SELECT a.parent, v.indicator, v."year", sum(v.val) AS total, count(*) AS n
    FROM v JOIN a ON a.id = v.area
    WHERE a.parent IS NOT NULL
    GROUP BY a.parent, v.indicator, v."year"
  )
SELECT p.indicator, p.area, p."year", CAST(s.total - p.val AS VARCHAR) AS difference
FROM v AS p
JOIN sums AS s ON s.parent = p.area AND s.indicator = p.indicator AND s."year" = p."year"
JOIN n_children AS c ON c.parent = p.area
WHERE s.n = c.n AND s.total <> p.val
ORDER BY p.indicator, p.area, p."year"
"""

# Values whose text would not survive the trip through a double, or the DECIMAL cast.
GUARD = """
WITH t AS (SELECT unnest(targets, recursive := true) FROM plan)
SELECT count(*) FILTER (
         WHERE length(regexp_replace(regexp_replace("value", '[-.]|[eE].*$', '', 'g'), '^0+', '')) > 15
       ) AS long_digits,
       count(*) FILTER (
         WHERE (strpos("value", '.') > 0 AND length("value") - strpos("value", '.') > 10)
            OR "value" ILIKE '%e-%'
       ) AS long_fraction
-- Only values of more than 12 characters, or with an exponent, can have 16 digits or
-- 11 decimals: the regular expressions run on those alone.
FROM t WHERE "value" IS NOT NULL AND (length("value") > 12 OR "value" ILIKE '%e%')
"""


def canon(text: str) -> str:
    d = Decimal(text).normalize()
    s = format(d, "f")
    return "0" if s in ("-0", "0") else s


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python3 bench/baseline_duckdb.py PLAN.json", file=sys.stderr)
        return 2
    path = sys.argv[1]
    size = os.path.getsize(path)
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(
        """
        CREATE TEMP TABLE plan AS
        SELECT * FROM read_json(?, format = 'unstructured', records = true,
          maximum_object_size = ?,
          columns = {
            areas: 'STRUCT(id VARCHAR, parent VARCHAR)[]',
            indicators: 'STRUCT(id VARCHAR, additive BOOLEAN)[]',
            targets: 'STRUCT(indicator VARCHAR, area VARCHAR, "year" INTEGER, "value" VARCHAR)[]'
          })
        """,
        [path, max(size + 1024, 16 << 20)],
    )
    t1 = time.perf_counter()
    long_digits, long_fraction = con.execute(GUARD).fetchone()
    if long_digits or long_fraction:
        print(
            f"baseline_duckdb.py: {long_digits} values with more than 15 significant digits, "
            f"{long_fraction} with more than 10 decimals: cannot compare exactly",
            file=sys.stderr,
        )
        return 2
    t2 = time.perf_counter()
    rows = con.execute(QUERY).fetchall()
    t3 = time.perf_counter()
    out = sys.stdout
    for ind, area, year, diff in rows:
        out.write(
            json.dumps(
                {"indicator": ind, "area": area, "year": year, "difference": canon(diff)},
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
        out.write("\n")
    print(
        f"baseline_duckdb.py: read {1000 * (t1 - t0):.1f} ms, guard {1000 * (t2 - t1):.1f} ms, "
        f"check {1000 * (t3 - t2):.1f} ms; {len(rows)} failing; duckdb {duckdb.__version__}, "
        f"{con.execute('SELECT current_setting(?)', ['threads']).fetchone()[0]} threads",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
