"""Generate a SYNTHETIC tracker repository of the national shape, for benchmarks.

    python benchmarks/gen_national.py OUT                    # 34 provinces, 3,321 communes: 996,300 figures
    python benchmarks/gen_national.py OUT --figures 100000   # the same shape, scaled to ~100k figures
    python benchmarks/gen_national.py OUT --scale 0.01       # 1 % of the communes (and provinces)
    python benchmarks/gen_national.py OUT --national-plan    # and a national plan (area VN) over them all

Every number and name it writes is made up (seeded: the same arguments give the same bytes),
and every file says so: the plans in a comment and their title, areas.csv in the names, each
data row in its `source`, and a README.md at the top. Codes start with `S` so that none is a
real administrative code.

The shape is that of the 2025 reform: provinces (tinh) with their communes (xa) directly
below, 30 indicators, 10 years, one figure per commune, indicator and year, and one plan per
province (area = the province) that lists all 30 indicators. The figures are all valid:
`xhht check` on the result exits 0 with no problems. Percents carry numerator and
denominator, so provinces roll up as Σnumerator / Σdenominator.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

NATIONAL_PROVINCES = 34
NATIONAL_COMMUNES = 3321
INDICATORS = 30
YEARS = 10
FIRST_YEAR = 2016
SYNTHETIC = "SYNTHETIC benchmark data (benchmarks/gen_national.py), not real figures"
RATINGS = ("Không xếp loại", "Trung bình", "Khá", "Tốt")


def indicators(n: int = INDICATORS) -> list[tuple[str, str]]:
    """(id, unit) of the n indicators: mostly percents with numerator/denominator (some also
    with a value that must agree), then counts, one yes-no and one rating, cycling."""
    kinds = ["percent-value"] * 18 + ["percent-fraction"] * 4 + ["count"] * 6 + ["yes-no", "rating"]
    return [(f"chi-tieu-{i + 1:02d}", kinds[i % len(kinds)]) for i in range(n)]


def shape(figures: int | None, scale: float | None, n_indicators: int, years: int) -> tuple[int, int]:
    """(provinces, communes) for a target number of figures or a scale factor of the nation."""
    if figures is not None:
        communes = max(1, round(figures / (n_indicators * years)))
    else:
        communes = max(1, round(NATIONAL_COMMUNES * (1.0 if scale is None else scale)))
    provinces = max(1, min(communes, round(NATIONAL_PROVINCES * communes / NATIONAL_COMMUNES)))
    return provinces, communes


def generate(out: Path, provinces: int, communes: int, n_indicators: int = INDICATORS,
             years: int = YEARS, seed: int = 20251, national_plan: bool = False) -> int:
    """Write the repository into `out` (which must not exist or be empty); the number of figures.
    With `national_plan`, the nation (VN) above the provinces and a plan of the nation (plans/vn-kh.yaml,
    the same indicators): `xhht scorecard vn-kh` ranks every commune of the country."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"gen_national: {out} is not empty; give a new folder")
    rng = random.Random(seed)
    inds = indicators(n_indicators)
    last = FIRST_YEAR + years - 1
    (out / "plans").mkdir(parents=True)
    (out / "data").mkdir()
    (out / "README.md").write_text(
        f"# {SYNTHETIC}\n\nMade by `python benchmarks/gen_national.py` (seed {seed}): {provinces} provinces, "
        f"{communes} communes, {n_indicators} indicators, {years} years. Every name and figure is made up.\n",
        encoding="utf-8")

    # communes spread evenly over the provinces
    per = [communes // provinces + (1 if p < communes % provinces else 0) for p in range(provinces)]
    prov_codes = [f"S{p + 1:02d}" for p in range(provinces)]
    members: list[list[str]] = [[f"{prov_codes[p]}{c + 1:04d}" for c in range(per[p])] for p in range(provinces)]
    with open(out / "areas.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent"])
        if national_plan:
            w.writerow(["VN", "Cả nước (synthetic)", "quocgia", ""])
        for p, code in enumerate(prov_codes):
            w.writerow([code, f"Tỉnh Tổng Hợp {p + 1:02d} (synthetic)", "tinh", "VN" if national_plan else ""])
        for p, code in enumerate(prov_codes):
            for c, xa in enumerate(members[p]):
                w.writerow([xa, f"Xã Tổng Hợp {c + 1:04d}, tỉnh {p + 1:02d} (synthetic)", "xa", code])

    for p, code in enumerate(prov_codes):
        _write_plan(out / "plans" / f"{code.lower()}-kh.yaml", code, p, inds, last, seed)
    if national_plan:
        _write_plan(out / "plans" / "vn-kh.yaml", "VN", -1, inds, last, seed)

    source = f"{SYNTHETIC}, seed {seed}"
    n = 0
    for p, code in enumerate(prov_codes):
        folder = out / "data" / code.lower()
        folder.mkdir()
        # a per-commune level for each indicator, so that the figures look like a time series
        base = {(xa, ind): rng.randint(40, 95) for xa in members[p] for ind, _ in inds}
        for y in range(FIRST_YEAR, last + 1):
            with open(folder / f"{y}.csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["indicator", "area", "period", "value", "numerator", "denominator", "source"])
                for ind, unit in inds:
                    for xa in members[p]:
                        w.writerow(_row(rng, ind, unit, xa, y, base[(xa, ind)] + (y - FIRST_YEAR), source))
                        n += 1
    return n


def _row(rng: random.Random, ind: str, unit: str, area: str, year: int, level: int, source: str) -> list:
    if unit.startswith("percent"):
        den = rng.randint(200, 20000)
        num = min(den, den * min(level, 100) // 100 + rng.randint(-den // 50, den // 50))
        num = max(0, num)
        if unit == "percent-value":
            value = (Decimal(100) * num / den).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return [ind, area, year, str(value), num, den, source]
        return [ind, area, year, "", num, den, source]
    if unit == "count":
        return [ind, area, year, rng.randint(0, 50 * level), "", "", source]
    if unit == "yes-no":
        return [ind, area, year, "yes" if rng.random() < level / 100 else "no", "", "", source]
    return [ind, area, year, RATINGS[min(3, level * 4 // 100)], "", "", source]


def _write_plan(path: Path, area: str, p: int, inds: list[tuple[str, str]], last: int, seed: int) -> None:
    mid = FIRST_YEAR + (last - FIRST_YEAR) // 2
    lines = [f"# {SYNTHETIC}, seed {seed}: not a real plan.",
             f"id: {area.lower()}-kh",
             f"title: Kế hoạch xây dựng xã hội học tập {'cả nước' if p < 0 else f'tỉnh tổng hợp {p + 1:02d}'} (synthetic)",
             "document:",
             f"  number: {'1/QĐ-TTg' if p < 0 else f'{p + 1}/KH-UBND'} (synthetic)",
             f"  issuer: {'Thủ tướng Chính phủ' if p < 0 else 'UBND tỉnh tổng hợp'} (synthetic)",
             f'area: "{area}"',
             f"period: {FIRST_YEAR}-{last}",
             "groups:"]
    for g in range(0, len(inds), 10):
        lines += [f'  - code: "{g // 10 + 1}"', f"    title: Nhóm chỉ tiêu {g // 10 + 1} (synthetic)",
                  "    indicators:"]
        for ind, unit in inds[g:g + 10]:
            kind = "percent" if unit.startswith("percent") else unit
            lines += [f"      - id: {ind}", f"        name: Chỉ tiêu tổng hợp {ind[-2:]} (synthetic)",
                      f"        unit: {kind}"]
            if kind == "percent":
                lines += [f"        targets: {{{mid}: 70, {last}: 85}}",
                          "        subunits:", "          - level: xa", '            meeting: ">= 80"',
                          f"            share: {{{last}: 60}}"]
            elif kind == "count":
                lines += [f"        targets: {{{last}: increase}}"]
            elif kind == "yes-no":
                lines += ["        subunits:", "          - level: xa", '            meeting: "yes"',
                          f"            share: {{{last}: 90}}"]
            else:
                lines += [f"        levels: [{', '.join(RATINGS)}]",
                          "        subunits:", "          - level: xa", '            meeting: ">= Khá"',
                          f"            share: {{{mid}: 50, {last}: 70}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="a new folder to write the repository into")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--figures", type=int, help="about this many figures (same shape, fewer communes)")
    size.add_argument("--scale", type=float, help="this fraction of the national communes and provinces")
    ap.add_argument("--indicators", type=int, default=INDICATORS)
    ap.add_argument("--years", type=int, default=YEARS)
    ap.add_argument("--seed", type=int, default=20251)
    ap.add_argument("--national-plan", action="store_true", help="add the nation (VN) and a plan of it")
    args = ap.parse_args(argv)
    provinces, communes = shape(args.figures, args.scale, args.indicators, args.years)
    n = generate(args.out, provinces, communes, args.indicators, args.years, args.seed, args.national_plan)
    print(f"{n:,} figures: {provinces} provinces, {communes:,} communes, {args.indicators} indicators, "
          f"{args.years} years -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
