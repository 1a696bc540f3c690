"""Benchmark xhht on SYNTHETIC repositories of the national shape, beside DuckDB as the anchor.

    pip install -e '.[bench]'                  # xhht and DuckDB (DuckDB is never a dependency of xhht)
    python benchmarks/bench_national.py        # 10k, 100k and the national 996,300 figures (takes minutes)
    python benchmarks/bench_national.py --sizes 10000,100000 --json out.json

For each size it generates a repository with benchmarks/gen_national.py (seeded, labelled
synthetic) and runs, each in its own child process, timed from the outside (wall clock and CPU),
then once more for its memory (the peak of the summed PSS of its process tree, sampled from
/proc: sampling slows the run it measures, so it is not the timed one; `measured`):

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
DEFAULT_SIZES = ("10000", "100000", "national", "3x")  # national: 34 provinces, 3,321 communes = 996,300


class TreeMemory:
    """The memory of a process and all its descendants (a pool's workers), sampled from /proc every
    `interval` seconds while it runs: the peak of the sum of their PSS (proportional set size: a
    page shared by n processes, as a forked worker shares its parent's, counts 1/n in each, so the
    sum is the memory the run takes) and the peak of the sum of their RSS (each shared page counted
    in every process that maps it: an upper bound). Linux only; elsewhere both stay 0."""

    def __init__(self, pid: int, interval: float = 0.02):
        import threading

        self.pid, self.interval = pid, interval
        self.pss = self.rss = 0  # peaks, KiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss = rss = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1])
                except (OSError, ValueError, IndexError):
                    continue  # it ended meanwhile
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)
            self._stop.wait(self.interval)

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += parents.get(pid, [])
        return out


def timed(cmd: list[str], cwd: Path, cores: int | None = None, sample: bool = True) -> dict:
    """One child process, timed from the outside: wall seconds, CPU seconds (user + system of it
    and its waited-for children: a pool's workers, all threads), the peak of the summed PSS and RSS
    of its process tree (MiB; `TreeMemory`; 0 without `sample`), its own peak RSS (os.wait4's
    ru_maxrss, MiB: the largest single process of the tree, not their sum), exit code and stdout.
    CPU time is the steadier measure on a busy machine. `cores`: the child may run on the first
    `cores` CPUs only (as on a machine with that many)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=None if cores is None else lambda: os.sched_setaffinity(0, range(cores)))
    memory = TreeMemory(proc.pid) if sample else None
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
    if memory is not None:
        memory.stop()
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        sys.stderr.write(chunks.get("err", b"").decode("utf-8", "replace")[-2000:])
    pss, rss = (memory.pss, memory.rss) if memory is not None else (0, 0)
    return {"s": wall, "cpu": usage.ru_utime + usage.ru_stime, "mib": pss / 1024, "rss_sum_mib": rss / 1024,
            "maxrss_mib": usage.ru_maxrss / 1024, "rc": proc.returncode,
            "out": chunks.get("out", b"").decode("utf-8", "replace")}


def measured(cmd: list[str], cwd: Path, cores: int | None = None, again=None, repeat: int = 3) -> dict:
    """`timed(cmd)` `repeat` (1 or more) times alone, then once with its memory sampled: the run of the
    median wall time (its CPU time and output; every run's wall time as `s_runs`), the memory of the
    sampled one (a run that fails is returned as it is). A two-core virtual machine's runs of the
    same command differ by a fifth: one run is a draw, the median of three a measure. Sampling reads each process's /proc/PID/smaps_rollup
    50 times a second, 7 ms for a process of 400 MiB: on two cores it took a core from the run it
    measured (`xhht status`: 0.87 s sampled, 0.65 s alone), so the timed runs are not sampled.
    `again()` is called before each run after the first (a cold check: the cache removed again)."""
    runs = []
    for i in range(repeat):
        if i and again is not None:
            again()
        runs.append(timed(cmd, cwd, cores, sample=False))
        if runs[-1]["rc"] != 0:
            return runs[-1]
    if again is not None:
        again()
    sampled = timed(cmd, cwd, cores)
    if sampled["rc"] != 0:
        return sampled
    median = sorted(runs, key=lambda r: r["s"])[(len(runs) - 1) // 2]  # of an even number: the faster middle one
    return {**median, "s_runs": [r["s"] for r in runs], "mib": sampled["mib"], "rss_sum_mib": sampled["rss_sum_mib"],
            "maxrss_mib": max(r["maxrss_mib"] for r in [*runs, sampled]), "rc": sampled["rc"]}


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


def duckdb_check(root: Path, threads: int) -> dict:
    """Validate and roll up the repository at `root` with DuckDB on `threads` threads; the counts of
    problems found."""
    import duckdb
    import yaml

    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
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


def generate(size: str, work: Path, files: int, national_plan: bool = False) -> tuple[Path, dict]:
    """The synthetic repository of `size` (a number of figures, `national`, or `3x` for three times
    the nation) in `work`, and what it holds (`national_plan`: gen_national.py's nation and its plan).
    The runs start 2 s after the last file was written: xhht trusts a file's stat only when the file
    did not change within 2 s before it looked (load/cache.py); a user's files were seldom all
    written in the last two seconds."""
    sys.path.insert(0, str(HERE))
    import gen_national

    if size.endswith("x"):
        figures, scale = None, float(size[:-1])
    else:
        figures, scale = (None, None) if size == "national" else (int(size.replace("_", "")), None)
    provinces, communes = gen_national.shape(figures, scale, gen_national.INDICATORS, gen_national.YEARS)
    root = work / f"national-{size}-{files or 'per-province-year'}"
    t = time.perf_counter()
    n = gen_national.generate(root, provinces, communes, national_plan=national_plan, files=files)
    gen_s = time.perf_counter() - t
    data_mb = sum(p.stat().st_size for p in (root / "data").rglob("*.csv")) / 1e6
    files_n = sum(1 for _ in (root / "data").rglob("*.csv"))
    time.sleep(2.1)
    return root, {"figures": n, "provinces": provinces, "communes": communes, "files": files_n, "data_mb": data_mb,
                  "generate_s": gen_s}


def bench_cores(root: Path, cores: int, communes: int, repeat: int = 3) -> dict:
    """One row: every command on the first `cores` CPUs (xhht decides whether to start a pool, as on
    a machine with that many cores; DuckDB gets as many threads), the cache removed first."""
    def cold() -> None:
        shutil.rmtree(root / ".xhht", ignore_errors=True)

    cold()
    plan = sorted((root / "plans").glob("*.yaml"))[0].stem  # file stem = plan id
    xhht = xhht_exe()
    check = measured([xhht, "check", "--lang", "en"], root, cores, again=cold, repeat=repeat)
    if check["rc"] != 0 or "no problems found" not in check["out"]:
        raise SystemExit(f"bench: xhht check on the synthetic data did not pass (exit {check['rc']}): {check['out'][:500]}")
    report = measured([xhht, "--no-cache", "report", plan, "--format", "md"], root, cores, repeat=repeat)
    if report["rc"] != 0 or not report["out"]:
        raise SystemExit(f"bench: xhht report {plan} failed (exit {report['rc']})")
    cached = measured([xhht, "report", plan, "--format", "md"], root, cores, repeat=repeat)
    if cached["rc"] != 0 or cached["out"] != report["out"]:
        raise SystemExit(f"bench: xhht report {plan} from the cache failed or differs (exit {cached['rc']})")
    status = measured([xhht, "status"], root, cores, repeat=repeat)  # every plan, cached
    if status["rc"] != 0 or not status["out"]:
        raise SystemExit(f"bench: xhht status failed (exit {status['rc']})")
    runs = [("check", check), ("report", report), ("cached", cached), ("status", status)]
    national = (root / "plans" / "vn-kh.yaml").exists()
    for key, card_plan in (("card", plan), ("card_vn", "vn-kh"))[:1 + national]:
        card = measured([xhht, "scorecard", card_plan, "--format", "json"], root, cores, repeat=repeat)
        rows = json.loads(card["out"])["rows"] if card["rc"] == 0 else None
        if not rows or key == "card_vn" and len(rows) != communes:
            raise SystemExit(f"bench: xhht scorecard {card_plan} failed (exit {card['rc']})")
        runs.append((key, card))
    duck = measured([sys.executable, str(Path(__file__).resolve()), "--duckdb", str(root), "--threads", str(cores)], root,
                    cores, repeat=repeat)
    if duck["rc"] != 0:
        raise SystemExit("bench: the DuckDB check failed (is duckdb installed? pip install -e '.[bench]')")
    found = json.loads(duck["out"])
    problems = {k: v for k, v in found["problems"].items() if v}
    if problems:
        raise SystemExit(f"bench: DuckDB found problems {problems}")
    out = {"cores": cores, "duckdb_figures": found["figures"], "duckdb_rollup_rows": found["rollup_rows"]}
    for name, r in runs + [("duckdb", duck)]:
        out.update({f"{name}_{k}": v for k, v in r.items() if k not in ("out", "rc")})
    return out


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


ROW = ("{figures:>9,} {files:>5} {cores:>5} | {check_s:>7.2f} {check_cpu:>6.2f} {check_mib:>5.0f} {us:>6.1f} | "
       "{report_s:>8.2f} {report_cpu:>6.2f} {report_mib:>5.0f} | {cached_s:>8.2f} {cached_cpu:>5.2f} {cached_mib:>4.0f} | "
       "{status_s:>8.2f} {status_cpu:>5.2f} {status_mib:>4.0f} | {card_s:>6.2f} {card_cpu:>5.2f} {card_mib:>4.0f} | "
       "{duckdb_s:>8.2f} {duckdb_cpu:>6.2f} {duckdb_mib:>5.0f} | {ratio:>11.1f}x")
HEAD = (f"{'figures':>9} {'files':>5} {'cores':>5} | {'check s':>7} {'cpu':>6} {'MiB':>5} {'µs/fig':>6} | "
        f"{'report s':>8} {'cpu':>6} {'MiB':>5} | {'cached s':>8} {'cpu':>5} {'MiB':>4} | "
        f"{'status s':>8} {'cpu':>5} {'MiB':>4} | {'card s':>6} {'cpu':>5} {'MiB':>4} | "
        f"{'duckdb s':>8} {'cpu':>6} {'MiB':>5} | {'check/duckdb':>12}")
CARD_VN = "{card_vn_s:>9.2f} {card_vn_cpu:>5.2f} {card_vn_mib:>4.0f} | "  # with --national-plan, before DuckDB
CARD_VN_HEAD = f"{'card VN s':>9} {'cpu':>5} {'MiB':>4} | "


def _at_least_one(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="xhht check/report/status beside DuckDB on synthetic national data.")
    ap.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                    help="comma-separated numbers of figures, `national` (996,300) or `3x` (three times the "
                         f"nation) (default: {','.join(DEFAULT_SIZES)})")
    ap.add_argument("--cores", default="1,2", help="comma-separated numbers of cores for each size: the CPUs "
                                                   "the commands may run on, and DuckDB's threads (default: 1,2)")
    ap.add_argument("--files", type=int, default=0,
                    help="the data in this many files (default: one per province and year, 340 at the national size)")
    ap.add_argument("--repeat", type=_at_least_one, default=3,
                    help="timed runs of each command (the median is shown; default 3)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it, instead of a temporary one")
    ap.add_argument("--national-plan", action="store_true",
                    help="add the nation and a plan of it, and time its scorecard of every commune")
    ap.add_argument("--duckdb", type=Path, help=argparse.SUPPRESS)  # internal: the DuckDB child process
    ap.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.duckdb:
        print(json.dumps(duckdb_check(args.duckdb, args.threads or os.cpu_count() or 1)))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    cores = [int(c) for c in args.cores.split(",") if c.strip()]
    info = machine()
    print(f"# {info['date']}; {info['nproc']} CPU(s) {info['cpu']}; Python {info['python']}; DuckDB {info['duckdb']}")
    print(f"# s: wall-clock seconds, the median of {args.repeat} runs; cpu: user + system seconds of the process and its pool (all threads); MiB: the "
          "peak of the summed PSS of its process tree (in a second run: sampling it slows the timed one); µs/fig: "
          "check wall time per figure; card: scorecard of the first plan (card VN: of the nation's plan, every "
          "commune)")
    head = HEAD.replace(" | duckdb", " | " + CARD_VN_HEAD + "duckdb") if args.national_plan else HEAD
    print(head)
    print("-" * len(head))
    results = []
    with tempfile.TemporaryDirectory(prefix="xhht-bench-") as tmp:
        work = args.keep or Path(tmp)
        for size in sizes:
            root, repo = generate(size, work, args.files, args.national_plan)
            for n in cores:
                r = {**repo, **bench_cores(root, n, repo["communes"], args.repeat)}
                results.append(r)
                row = ROW.replace(" | {duck", " | " + CARD_VN + "{duck") if args.national_plan else ROW
                print(row.format(**r, us=1e6 * r["check_s"] / r["figures"], ratio=r["check_s"] / r["duckdb_s"]),
                      flush=True)
            if args.keep is None:
                shutil.rmtree(root)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
