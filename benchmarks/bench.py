"""Benchmark: how long xhht takes, and how much memory, on a large SYNTHETIC province.

    python benchmarks/bench.py [--communes 1000] [--indicators 20] [--years 6]

Prints figures; asserts nothing. Goals (2-core machine): a province of 1000 communes with
20 indicators over 6 years (120,000 figures) loads and checks in under 10 s and 500 MB,
and `report` in any format takes under 2 s more.
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
from pathlib import Path


def build(root: Path, communes: int, indicators: int, years: int) -> int:
    districts = max(1, communes // 50)
    (root / "plans").mkdir(parents=True)
    (root / "data").mkdir()
    with open(root / "areas.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent"])
        w.writerow(["99", "Tỉnh Thử", "tinh", ""])
        for d in range(districts):
            w.writerow([f"9{d:03d}", f"Huyện {d}", "huyen", "99"])
        for c in range(communes):
            w.writerow([f"8{c:05d}", f"Xã {c}", "xa", f"9{c % districts:03d}"])
    start = 2020
    lines = ["id: bench", "title: Benchmark (synthetic)", "document: {number: 1/KH, issuer: UBND}",
             'area: "99"', f"period: {start}-{start + years - 1}", "groups:", "  - code: a", "    title: A",
             "    indicators:"]
    for i in range(indicators):
        lines += [f"      - id: ind-{i}", f"        name: Chỉ tiêu {i}", "        unit: percent",
                  f"        targets: {{{start + years - 1}: 80}}",
                  "        subunits:", "          - level: xa", '            meeting: ">= 80"',
                  f"            share: {{{start + years - 1}: 90}}"]
    (root / "plans" / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = 0
    for y in range(start, start + years):
        with open(root / "data" / f"{y}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["indicator", "area", "period", "numerator", "denominator", "source"])
            for i in range(indicators):
                for c in range(communes):
                    den = 100 + (c * 7 + i) % 400
                    w.writerow([f"ind-{i}", f"8{c:05d}", y, den * (60 + (c + i + y) % 40) // 100, den, "synthetic"])
                    n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=1000)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--years", type=int, default=6)
    args = ap.parse_args()

    from xhht.compare import compare
    from xhht.render import render
    from xhht.repo import load_repo

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        n = build(root, args.communes, args.indicators, args.years)
        print(f"built {n:,} figures for {args.communes:,} communes in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        repo = load_repo(root)
        print(f"load + check: {time.perf_counter() - t:.2f} s, {len(repo.problems)} problems")
        plan = repo.plans["bench"]
        t = time.perf_counter()
        review = compare(plan, repo.values, repo.areas, plan.start, plan.end)
        print(f"compare: {time.perf_counter() - t:.2f} s, {len(review.results)} results")
        for fmt in ("md", "html", "json"):
            t = time.perf_counter()
            out = render(review, repo.areas, fmt, "vi", None)
            print(f"render {fmt}: {time.perf_counter() - t:.2f} s, {len(out):,} bytes")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
