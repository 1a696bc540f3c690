"""Benchmark xhht on SYNTHETIC repositories of the national shape, beside DuckDB as the anchor.

    pip install -e '.[bench]'                  # xhht and DuckDB (DuckDB is never a dependency of xhht)
    python benchmarks/bench_national.py        # 10k, 100k and the national 996,300 figures (takes minutes)
    python benchmarks/bench_national.py --sizes 10000,100000 --json out.json

For each size it generates a repository with benchmarks/gen_national.py (seeded, labelled
synthetic) and runs, each in its own child process, timed from the outside (wall clock) with
the child's peak resident memory (os.wait4's ru_maxrss):

- `xhht check --lang en`: must exit 0 and print `no problems found`;
- `xhht --no-cache report` of the first province's plan (Markdown to /dev/null), cold: nothing is cached;
- `xhht report` of the same plan after the check: from the cache that `check` wrote (`cached`);
- `xhht scorecard` of the same plan after the check (every commune of the province, JSON), and
  with `--national-plan` (the repository then has the nation and a plan of it) `xhht scorecard
  vn-kh`: every commune of the country;
- DuckDB doing the same validation of data/**/*.csv (types and canonical numbers, ranges,
  numerator <= denominator, value agrees with 100 × numerator / denominator, duplicates,
  unknown indicator and area, empty required cells) and the Σnumerator / Σdenominator roll-up
  of every province, indicator and year: the anchor. It must find no problem either.

Prints a table; asserts nothing beyond "the generated data is valid for both".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = ("10000", "100000", "national")  # national: 34 provinces, 3,321 communes = 996,300


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds (user + system, all threads), peak RSS MiB, exit code, stdout)
    of one child process. CPU time is the steadier measure on a busy machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # read the pipes on threads so that a child printing a lot cannot block
    import threading

    chunks: dict[str, bytes] = {}

    def drain(name, stream):
        chunks[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        sys.stderr.write(chunks.get("err", b"").decode("utf-8", "replace")[-2000:])
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, proc.returncode, chunks.get("out", b"").decode("utf-8", "replace")


def xhht_exe() -> str:
    exe = Path(sys.executable).parent / "xhht"
    found = str(exe) if exe.exists() else shutil.which("xhht")
    if not found:
        raise SystemExit("bench: the xhht console script is not installed: pip install -e '.[bench]'")
    return found


# ---------------------------------------------------------------- DuckDB, in its own process

CANON = r"^-?[0-9]+(\.[0-9]+)?$"

VALIDATE = r"""
WITH j AS (
  SELECT f.*, i.unit, i.levels, a.code IS NOT NULL AS area_known,
         TRY_CAST(f.numerator AS DECIMAL(38,10)) AS num, TRY_CAST(f.denominator AS DECIMAL(38,10)) AS den
  FROM f LEFT JOIN ind i ON f.indicator = i.id LEFT JOIN areas a ON f.area = a.code)
SELECT
  count(*) FILTER (WHERE coalesce(indicator, '') = '' OR coalesce(area, '') = '' OR coalesce(period, '') = ''
                   OR (coalesce(value, '') = '' AND (numerator IS NULL OR denominator IS NULL))) AS missing_value,
  count(*) FILTER (WHERE indicator <> '' AND unit IS NULL) AS unknown_indicator,
  count(*) FILTER (WHERE area <> '' AND NOT area_known) AS unknown_area,
  count(*) FILTER (WHERE NOT regexp_full_match(period, '[0-9]{4}')) AS bad_period,
  count(*) FILTER (WHERE (unit IN ('percent', 'count') AND value IS NOT NULL AND NOT regexp_full_match(value, '$CANON'))
                   OR (numerator IS NOT NULL AND NOT regexp_full_match(numerator, '$CANON'))
                   OR (denominator IS NOT NULL AND NOT regexp_full_match(denominator, '$CANON'))) AS non_canonical,
  count(*) FILTER (WHERE unit = 'percent' AND TRY_CAST(value AS DECIMAL(38,10)) NOT BETWEEN 0 AND 100)
    AS percent_out_of_range,
  count(*) FILTER (WHERE (unit = 'count' AND TRY_CAST(value AS DECIMAL(38,10)) < 0) OR num < 0 OR den < 0)
    AS negative_count,
  count(*) FILTER (WHERE unit = 'count' AND TRY_CAST(value AS DECIMAL(38,10)) <> floor(TRY_CAST(value AS DECIMAL(38,10))))
    AS fractional_count,
  count(*) FILTER (WHERE unit IN ('level', 'rating', 'yes-no') AND NOT list_contains(levels, value)) AS unknown_level,
  count(*) FILTER (WHERE (num IS NULL) <> (den IS NULL) OR den = 0
                   OR (num IS NOT NULL AND unit IS NOT NULL AND unit <> 'percent')) AS bad_fraction,
  count(*) FILTER (WHERE num > den) AS numerator_exceeds_denominator,
  -- value agrees: round-half-up(100 × num / den, decimals of value) = value, in exact integers
  count(*) FILTER (WHERE unit = 'percent' AND value IS NOT NULL AND num IS NOT NULL AND den > 0 AND num <= den
    AND regexp_full_match(value, '$CANON') AND regexp_full_match(numerator, '[0-9]+') AND regexp_full_match(denominator, '[0-9]+')
    AND TRY_CAST(replace(value, '.', '') AS HUGEINT) <>
        (200 * TRY_CAST(numerator AS HUGEINT) * CAST(10 ** (CASE WHEN contains(value, '.')
             THEN length(value) - strpos(value, '.') ELSE 0 END) AS HUGEINT) + TRY_CAST(denominator AS HUGEINT))
        // (2 * TRY_CAST(denominator AS HUGEINT))) AS value_disagrees
FROM j
""".replace("$CANON", CANON)

DUPLICATES = "SELECT count(*) FROM (SELECT indicator, area, period FROM f GROUP BY ALL HAVING count(*) > 1)"

ROLLUP = """
CREATE TABLE rollup AS
SELECT a.parent AS province, f.indicator, f.period,
       sum(TRY_CAST(f.numerator AS HUGEINT)) AS num, sum(TRY_CAST(f.denominator AS HUGEINT)) AS den,
       100 * sum(CAST(f.numerator AS DECIMAL(38,10))) / sum(CAST(f.denominator AS DECIMAL(38,10))) AS pct
FROM f JOIN areas a ON f.area = a.code JOIN ind i ON f.indicator = i.id
WHERE i.unit = 'percent' AND a.parent IS NOT NULL
GROUP BY ALL
"""


def duckdb_check(root: Path) -> dict:
    """Validate and roll up the repository at `root` with DuckDB; the counts of problems found."""
    import duckdb
    import yaml

    con = duckdb.connect()
    con.execute("CREATE TABLE ind (id VARCHAR, unit VARCHAR, levels VARCHAR[])")
    rows = []
    for path in sorted((root / "plans").glob("*.yaml")):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        for g in plan["groups"]:
            for i in g["indicators"]:
                levels = ["yes", "no"] if i["unit"] == "yes-no" else [str(x) for x in i.get("levels") or []]
                rows.append((i["id"], i["unit"], levels))
    seen: dict[str, tuple] = {}  # the first definition of an id wins, as in xhht
    for a, b, c in rows:
        seen.setdefault(a, (a, b, c))
    con.executemany("INSERT INTO ind VALUES (?, ?, ?)", list(seen.values()))
    con.execute(f"CREATE TABLE areas AS SELECT * FROM read_csv('{root / 'areas.csv'}', all_varchar=true, header=true)")
    con.execute(f"CREATE TABLE f AS SELECT * FROM read_csv('{root / 'data'}/**/*.csv', all_varchar=true, "
                "header=true, union_by_name=true, delim=',', quote='\"', escape='\"')")
    cur = con.execute(VALIDATE)
    counts = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    counts["duplicate_figure"] = con.execute(DUPLICATES).fetchone()[0]
    con.execute(ROLLUP)
    figures = con.execute("SELECT count(*) FROM f").fetchone()[0]
    rolled = con.execute("SELECT count(*) FROM rollup").fetchone()[0]
    return {"figures": figures, "problems": counts, "rollup_rows": rolled}


# ---------------------------------------------------------------- the run


def bench_size(size: str, work: Path, national_plan: bool = False) -> dict:
    """`size` is a number of figures, or `national` for the full national shape."""
    sys.path.insert(0, str(HERE))
    import gen_national

    root = work / f"national-{size}"
    figures = None if size == "national" else int(size.replace("_", ""))
    provinces, communes = gen_national.shape(figures, None, gen_national.INDICATORS, gen_national.YEARS)
    t = time.perf_counter()
    n = gen_national.generate(root, provinces, communes, national_plan=national_plan)
    gen_s = time.perf_counter() - t
    plan = sorted((root / "plans").glob("*.yaml"))[0].stem  # file stem = plan id
    xhht = xhht_exe()

    check_s, check_cpu, check_mib, check_rc, out = timed([xhht, "check", "--lang", "en"], root)
    if check_rc != 0 or "no problems found" not in out:
        raise SystemExit(f"bench: xhht check on the synthetic data did not pass (exit {check_rc}): {out[:500]}")
    report_s, report_cpu, report_mib, report_rc, out = timed([xhht, "--no-cache", "report", plan, "--format", "md"],
                                                             root)
    if report_rc != 0 or not out:
        raise SystemExit(f"bench: xhht report {plan} failed (exit {report_rc})")
    cached_s, cached_cpu, cached_mib, cached_rc, cached_out = timed([xhht, "report", plan, "--format", "md"], root)
    if cached_rc != 0 or cached_out != out:
        raise SystemExit(f"bench: xhht report {plan} from the cache failed or differs (exit {cached_rc})")
    status_s, status_cpu, status_mib, status_rc, status_out = timed([xhht, "status"], root)  # every plan, cached
    if status_rc != 0 or not status_out:
        raise SystemExit(f"bench: xhht status failed (exit {status_rc})")
    scorecards = {}
    for key, card_plan, units in (("scorecard", plan, None), ("scorecard_vn", "vn-kh", communes))[:1 + national_plan]:
        card_s, card_cpu, card_mib, card_rc, card_out = timed([xhht, "scorecard", card_plan, "--format", "json"], root)
        rows = json.loads(card_out)["rows"] if card_rc == 0 else None
        if rows is None or not rows or units is not None and len(rows) != units:
            raise SystemExit(f"bench: xhht scorecard {card_plan} failed (exit {card_rc})")
        scorecards.update({f"{key}_s": card_s, f"{key}_cpu_s": card_cpu, f"{key}_peak_mib": card_mib,
                           f"{key}_rows": len(rows)})
    duck_s, duck_cpu, duck_mib, duck_rc, out = timed([sys.executable, str(Path(__file__).resolve()), "--duckdb", str(root)],
                                           root)
    if duck_rc != 0:
        raise SystemExit("bench: the DuckDB check failed (is duckdb installed? pip install -e '.[bench]')")
    duck = json.loads(out)
    found = {k: v for k, v in duck["problems"].items() if v}
    if duck["figures"] != n or found:
        raise SystemExit(f"bench: DuckDB read {duck['figures']} figures of {n}, problems {found}")
    return {"figures": n, "provinces": provinces, "communes": communes, "generate_s": gen_s,
            "check_s": check_s, "check_cpu_s": check_cpu, "check_peak_mib": check_mib,
            "report_s": report_s, "report_cpu_s": report_cpu, "report_peak_mib": report_mib,
            "cached_s": cached_s, "cached_cpu_s": cached_cpu, "cached_peak_mib": cached_mib,
            "status_s": status_s, "status_cpu_s": status_cpu, "status_peak_mib": status_mib, **scorecards,
            "duckdb_s": duck_s, "duckdb_cpu_s": duck_cpu, "duckdb_peak_mib": duck_mib, "duckdb_rollup_rows": duck["rollup_rows"]}


def machine() -> dict:
    import platform

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import duckdb

        duck = duckdb.__version__
    except ImportError:
        duck = "not installed"
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(), "duckdb": duck,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="xhht check/report beside DuckDB on synthetic national data.")
    ap.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                    help="comma-separated numbers of figures, or `national` for 996,300 "
                         "(default: 10000,100000,national)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it, instead of a temporary one")
    ap.add_argument("--national-plan", action="store_true",
                    help="add the nation and a plan of it, and time its scorecard of every commune")
    ap.add_argument("--duckdb", type=Path, help=argparse.SUPPRESS)  # internal: the DuckDB child process
    args = ap.parse_args(argv)
    if args.duckdb:
        print(json.dumps(duckdb_check(args.duckdb)))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    info = machine()
    print(f"# {info['date']}; {info['nproc']} CPU(s) {info['cpu']}; Python {info['python']}; DuckDB {info['duckdb']}")
    print("# s: wall-clock seconds; cpu: user + system seconds of the child (all its threads); "
          "MiB: its peak RSS; µs/fig: check wall time per figure")
    head = (f"{'figures':>9} {'prov':>4} | {'check s':>7} {'cpu':>6} {'MiB':>5} {'µs/fig':>6} | "
            f"{'report s':>8} {'cpu':>6} {'MiB':>5} | {'cached s':>8} {'cpu':>5} {'MiB':>4} | "
            f"{'status s':>8} {'cpu':>5} {'MiB':>4} | {'card s':>6} {'cpu':>5} {'MiB':>4} | "
            + (f"{'card VN s':>9} {'cpu':>5} {'MiB':>4} | " if args.national_plan else "")
            + f"{'duckdb s':>8} {'cpu':>6} {'MiB':>5} | {'check/duckdb':>12}")
    print(head)
    print("-" * len(head))
    results = []
    with tempfile.TemporaryDirectory(prefix="xhht-bench-") as tmp:
        work = args.keep or Path(tmp)
        for size in sizes:
            r = bench_size(size, work, args.national_plan)
            results.append(r)
            vn = (f"{r['scorecard_vn_s']:>9.2f} {r['scorecard_vn_cpu_s']:>5.2f} {r['scorecard_vn_peak_mib']:>4.0f} | "
                  if args.national_plan else "")
            print(f"{r['figures']:>9,} {r['provinces']:>4} | {r['check_s']:>7.2f} {r['check_cpu_s']:>6.2f} "
                  f"{r['check_peak_mib']:>5.0f} {1e6 * r['check_s'] / r['figures']:>6.1f} | {r['report_s']:>8.2f} "
                  f"{r['report_cpu_s']:>6.2f} {r['report_peak_mib']:>5.0f} | {r['cached_s']:>8.2f} "
                  f"{r['cached_cpu_s']:>5.2f} {r['cached_peak_mib']:>4.0f} | {r['status_s']:>8.2f} "
                  f"{r['status_cpu_s']:>5.2f} {r['status_peak_mib']:>4.0f} | {r['scorecard_s']:>6.2f} "
                  f"{r['scorecard_cpu_s']:>5.2f} {r['scorecard_peak_mib']:>4.0f} | {vn}{r['duckdb_s']:>8.2f} "
                  f"{r['duckdb_cpu_s']:>6.2f} {r['duckdb_peak_mib']:>5.0f} | {r['check_s'] / r['duckdb_s']:>11.1f}x",
                  flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
