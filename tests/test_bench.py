"""The benchmark's generator (benchmarks/gen_national.py) writes a SYNTHETIC repository that
`xhht check` accepts with no problem, the same bytes for the same seed, labelled synthetic."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import ROOT, run


def _gen():
    spec = importlib.util.spec_from_file_location("gen_national", ROOT / "benchmarks" / "gen_national.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_national_shape_passes_check(tmp_path):
    gen = _gen()
    provinces, communes = gen.shape(None, 0.002, gen.INDICATORS, 2)  # 7 communes in 1 province
    assert (provinces, communes) == (1, 7)
    n = gen.generate(tmp_path / "a", 2, 7, years=2)
    assert n == 7 * gen.INDICATORS * 2
    result = run("check", "--lang", "en", cwd=tmp_path / "a")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "no problems found"
    report = run("report", "s02-kh", "--format", "json", cwd=tmp_path / "a")
    assert report.returncode == 0, report.stderr
    results = json.loads(report.stdout)["results"]
    rolled = [r for r in results if r.get("rolled_up") and r.get("area") == "S02" and r.get("unit") == "percent"]
    assert rolled and all(r["denominator"] > 0 for r in rolled)  # the province is Σnum / Σden of its communes


def test_a_national_plan_ranks_every_commune(tmp_path):
    """--national-plan: the nation above the provinces and a plan of it, whose scorecard (issue 19)
    has a row for every commune of the country."""
    gen = _gen()
    gen.generate(tmp_path / "a", 2, 7, years=2, national_plan=True)
    assert run("check", "--lang", "en", cwd=tmp_path / "a").stdout.strip() == "no problems found"
    card = run("scorecard", "vn-kh", "--format", "json", cwd=tmp_path / "a")
    assert card.returncode == 0, card.stderr
    data = json.loads(card.stdout)
    assert (data["level"], len(data["rows"]), data["year"]) == ("xa", 7, 2017)
    assert [c["basis"] for c in data["columns"]][:3] == ["reference"] * 3  # "60% xã đạt 80%": each commune's part


def test_generator_is_seeded_and_labels_every_file(tmp_path):
    gen = _gen()
    gen.generate(tmp_path / "a", 1, 3, years=1, seed=7)
    gen.generate(tmp_path / "b", 1, 3, years=1, seed=7)
    gen.generate(tmp_path / "c", 1, 3, years=1, seed=8)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a["data/s01/2016.csv"] != c["data/s01/2016.csv"]
    for name, data in a.items():
        text = data.decode("utf-8")
        assert "synthetic" in text.lower(), name
        if name.endswith(".csv") and name.startswith("data/"):
            rows = text.splitlines()[1:]
            assert rows and all("SYNTHETIC" in r for r in rows), name


def _gc_spy(monkeypatch, name: str) -> list[bool]:
    """Whether the cyclic garbage collector is on at each call of xhht.repo's `name`."""
    import gc

    import xhht.repo

    during: list[bool] = []
    real = getattr(xhht.repo, name)

    def spy(*args, **kwargs):
        during.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(xhht.repo, name, spy)
    return during


def test_load_repo_runs_without_the_garbage_collector(repo, monkeypatch):
    """Loading runs with the cyclic garbage collector off (speed), and leaves it as it found it."""
    import gc

    from xhht.repo import load_repo

    during = _gc_spy(monkeypatch, "merge")
    assert gc.isenabled()
    load_repo(repo)
    assert during == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        load_repo(repo)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_overview_compares_without_the_garbage_collector(repo, monkeypatch):
    """The overview's comparison of every plan (Repo.overview) runs with the cyclic garbage
    collector off too (it unpacks as many rows as loading makes), and turns it back on."""
    import gc

    from xhht.repo import load_repo

    loaded = load_repo(repo)
    during = _gc_spy(monkeypatch, "_counts")
    assert gc.isenabled()
    counted = loaded.overview([(p.id, p.start, p.end) for p in loaded.plans.values()])
    assert len(counted) == len(loaded.plans) and during == [False] * len(loaded.plans)
    assert gc.isenabled()
