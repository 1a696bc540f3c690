"""Where a pool of worker processes starts to pay (issue 22): `xhht --no-cache check` and the
overview `xhht status` (after `check`, from the cache) with XHHT_WORKERS=1 (no pool) and =2 (a pool
whatever the size), on SYNTHETIC repositories of gen_national.py's shape of a few sizes.

    python benchmarks/crossover.py                       # 20k, 50k, 80k, 150k, 300k figures
    python benchmarks/crossover.py --sizes 60000,100000 --runs 5

Each command runs `--runs` times, the two settings taking turns; the median wall and CPU seconds
(user + system of xhht and its workers) are printed with the size of the data files. The thresholds
that the code uses (load/parallel.py POOL_BYTES, repo.py POOL_FIGURES) are where the pool's wall
time falls below one process's on a 2-core machine: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_national  # noqa: E402
import gen_national  # noqa: E402


def _run(cmd: list[str], root: Path, workers: int) -> tuple[float, float]:
    """(wall s, CPU s) of one run of `cmd` with XHHT_WORKERS=`workers`."""
    os.environ["XHHT_WORKERS"] = str(workers)
    try:
        r = bench_national.timed(cmd, root)
    finally:
        del os.environ["XHHT_WORKERS"]
    if r["rc"] != 0:
        raise SystemExit(f"crossover: {' '.join(cmd)} failed (exit {r['rc']})")
    return r["s"], r["cpu"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="20000,50000,80000,150000,300000", help="numbers of figures")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    xhht = bench_national.xhht_exe()
    print(f"{'figures':>9} {'data MiB':>8} | {'command':<16} | {'1 proc s':>8} {'cpu':>6} | {'pool s':>8} {'cpu':>6}")
    with tempfile.TemporaryDirectory(prefix="xhht-crossover-") as tmp:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            root = Path(tmp) / str(size)
            provinces, communes = gen_national.shape(size, None, gen_national.INDICATORS, gen_national.YEARS)
            n = gen_national.generate(root, provinces, communes)
            mib = sum(p.stat().st_size for p in (root / "data").rglob("*.csv")) / 2 ** 20
            time.sleep(2.1)  # stat trusted by the cache: see bench_national.generate
            for name, cmd in (("check --no-cache", [xhht, "--no-cache", "check"]), ("status (cached)", [xhht, "status"])):
                if name.startswith("status"):
                    bench_national.timed([xhht, "check"], root)  # writes the cache
                runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
                for _ in range(args.runs):  # the two settings take turns: a busy moment hits both
                    for workers in (1, 2):
                        runs[workers].append(_run(cmd, root, workers))
                (one_s, one_cpu), (pool_s, pool_cpu) = ((statistics.median(r[0] for r in runs[w]),
                                                         statistics.median(r[1] for r in runs[w])) for w in (1, 2))
                print(f"{n:>9,} {mib:>8.1f} | {name:<16} | {one_s:>8.2f} {one_cpu:>6.2f} | {pool_s:>8.2f} {pool_cpu:>6.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
