"""Big files: the plan says what runs out of core; DuckDB over the file gives the in-memory profile's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling.bigfiles import plan_file, profile_file, sample_file
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame


@pytest.fixture(scope="module")
def adult(datasets: Path):  # type: ignore[no-untyped-def]
    names = [line.split(":")[0] for line in (datasets / "adult" / "adult.names").read_text().splitlines()[-14:]]
    return load_path(datasets / "adult" / "adult.data", options=LoadOptions(column_names=(*names, "income"))).frame


def test_plan_follows_the_budget(adult, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "adult.parquet"
    adult.to_parquet(path)
    small = plan_file(path, budget_bytes=1024**3)
    big = plan_file(path, budget_bytes=100_000, sample_rows=5000)
    assert not small.out_of_core and big.out_of_core
    assert "sample of 5,000 rows" in big.note and "every row" in big.note


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_file_profile_equals_in_memory_profile(adult, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"adult{suffix}"
    adult.to_parquet(path) if suffix == ".parquet" else adult.to_csv(path, index=False)
    on_disk = profile_file(path, memory_limit_mb=256)
    local = profile_frame(adult, name="adult")
    assert on_disk.dataset.rows == 32561 and on_disk.dataset.duplicate_rows == local.dataset.duplicate_rows
    for got, want in zip(on_disk.columns, local.columns, strict=True):
        assert (got.name, got.missing_count, got.distinct_count) == (want.name, want.missing_count, want.distinct_count)
        if want.mean is not None:
            assert got.mean == pytest.approx(want.mean, rel=1e-9)


def test_sample_is_uniform_sized_and_repeatable(adult, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "adult.parquet"
    adult.to_parquet(path)
    first = sample_file(path, rows=2000, seed=7)
    assert len(first) == 2000 and list(first.columns) == list(adult.columns)
    assert first.equals(sample_file(path, rows=2000, seed=7))
    assert abs(first["age"].mean() - adult["age"].mean()) < 1.5  # sd 13.6 / sqrt(2000) = 0.3


def test_profile_in_column_batches_equals_one_pass(adult, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file too big for one pass is profiled a few numeric columns at a time (what a 20M-row file gets under
    a 1 GB cap); duplicates and correlations run once over the whole table: the same profile as in memory."""
    path = tmp_path / "adult.parquet"
    adult.to_parquet(path)
    batched = profile_file(path, memory_limit_mb=256, numeric_per_batch=2)
    local = profile_frame(adult, name="adult")
    assert batched.dataset.duplicate_rows == local.dataset.duplicate_rows == 24
    for got, want in zip(batched.columns, local.columns, strict=True):
        fields = ("name", "kind", "count", "missing_count", "distinct_count", "min", "max", "quantiles")
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
        assert [v.count for v in got.top_values] == [v.count for v in want.top_values]
        if want.mean is not None:
            assert got.mean == pytest.approx(want.mean, rel=1e-12)
    assert sorted((a.type, a.column) for a in batched.alerts) == sorted((a.type, a.column) for a in local.alerts)
    for method in ("pearson", "spearman", "cramers_v"):
        want_pairs = {(p.column_a, p.column_b): p.value for p in getattr(local.correlations, method)}
        got_pairs = {(p.column_a, p.column_b): p.value for p in getattr(batched.correlations, method)}
        assert got_pairs.keys() == want_pairs.keys()
        assert all(got_pairs[k] == pytest.approx(v, abs=1e-9) for k, v in want_pairs.items())


def test_nan_in_a_parquet_file_counts_as_missing_out_of_core(tmp_path: Path) -> None:
    """DuckDB folds isnan() to false when it trusts Parquet statistics (which leave NaN out): the out-of-core
    profile must still count NaN as missing, as the in-memory profile does."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(3)
    x = rng.normal(0.0, 1.0, 5_000)
    x[:100] = np.nan
    path = tmp_path / "nan.parquet"
    pq.write_table(pa.table({"x": x, "y": rng.normal(0.0, 1.0, x.size)}), path)
    got = profile_file(path).columns[0]
    want = profile_frame(pd.DataFrame({"x": x}), name="nan").columns[0]
    assert (got.count, got.missing_count) == (want.count, want.missing_count) == (4_900, 100)
    assert got.mean == pytest.approx(want.mean, rel=1e-12)
