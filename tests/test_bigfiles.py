"""Big files: the plan says what runs out of core; DuckDB over the file gives the in-memory profile's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling.bigfiles import plan_file, profile_file, sample_file
from profiling.bigfiles.numeric import WORKING_BYTES_PER_ROW, numeric_workers
from profiling.loading import LoadOptions, load_path
from profiling.profile import DatasetProfile, profile_frame


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
    """Numeric columns too big for the NumPy budget (here: all, with a one-byte budget) are profiled by the SQL
    plan a few at a time; duplicates and correlations run once over the whole table: the same profile as in
    memory."""
    path = tmp_path / "adult.parquet"
    adult.to_parquet(path)
    batched = profile_file(path, memory_limit_mb=256, numeric_per_batch=2, numpy_budget_bytes=1)
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


HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


@pytest.fixture(scope="module")
def cleveland(datasets: Path):  # type: ignore[no-untyped-def]
    """Floats with '?' markers (ca, thal become NaN) and 0/1 columns: the NaN paths of the ranks."""
    source = datasets / "heart_disease" / "processed.cleveland.data"
    return load_path(source, options=LoadOptions(column_names=tuple(HEART))).frame


@pytest.mark.parametrize(("name", "workers"), [("adult", 1), ("cleveland", 2)])
def test_column_at_a_time_equals_the_sql_plan(request, tmp_path: Path, name: str, workers: int) -> None:  # type: ignore[no-untyped-def]
    """A budget that fits a column sends numeric columns through NumPy one at a time (sorted or counted;
    two at once when two fit); a one-byte budget sends them through the SQL plan: the same profile either
    way, and Spearman's rho is pandas' rank().corr() (each column ranked within its own values, then
    pairwise-complete Pearson)."""
    frame = request.getfixturevalue(name)
    path = tmp_path / f"{name}.parquet"
    frame.to_parquet(path)
    budget = workers * len(frame) * WORKING_BYTES_PER_ROW
    assert numeric_workers(len(frame), budget_bytes=budget - 1) == workers - 1
    assert numeric_workers(len(frame), budget_bytes=budget) == workers
    numpy_path = profile_file(path, memory_limit_mb=256, temp_dir=tmp_path, numpy_budget_bytes=budget)
    sql_path = profile_file(path, memory_limit_mb=256, temp_dir=tmp_path, numpy_budget_bytes=1)
    _assert_same(numpy_path, sql_path)
    _assert_same(numpy_path, profile_frame(frame, name=name))
    ranked = frame.select_dtypes("number").rank().corr()
    assert numpy_path.correlations.spearman
    for pair in numpy_path.correlations.spearman:
        assert pair.value == pytest.approx(ranked.loc[pair.column_a, pair.column_b], abs=1e-9)
    assert not list(tmp_path.glob("prism-ranks-*"))  # the rank files are gone


def test_infinities_ties_and_gaps_out_of_core(tmp_path: Path) -> None:
    """Hand-made edge columns: infinities (present, but not in moments or ranks), NaN, all-missing,
    constant, heavy ties, wide-range integers (sorted, not counted), integers beyond 2**53 (SQL)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    n = 5_000
    x = rng.normal(0, 1, n)
    x[:40] = np.inf
    x[40:60] = -np.inf
    x[60:300] = np.nan
    frame = pd.DataFrame(
        {
            "x": x,
            "ties": rng.integers(0, 7, n).astype(float) / 4,
            "wide": rng.integers(-(10**9), 10**9, n),
            "huge": rng.integers(0, 10, n) + 2**60,
            "empty": np.full(n, np.nan),
            "same": np.full(n, 3.5),
            "y": x * 0.5 + rng.normal(0, 1, n),
        }
    )
    path = tmp_path / "edges.parquet"
    frame.to_parquet(path)
    numpy_path = profile_file(path, temp_dir=tmp_path, numpy_budget_bytes=1024**2)
    _assert_same(numpy_path, profile_file(path, temp_dir=tmp_path, numpy_budget_bytes=1))
    _assert_same(numpy_path, profile_frame(frame, name="edges"))
    got = numpy_path.column("x")
    assert (got.count, got.missing_count, got.infinite_count) == (n - 240, 240, 60)


def _assert_same(got: DatasetProfile, want: DatasetProfile) -> None:
    assert got.dataset.duplicate_rows == want.dataset.duplicate_rows
    exact: tuple[str, ...] = ("name", "kind", "count", "missing_count", "distinct_count", "min", "max", "zeros_count")
    exact += ("negatives_count", "infinite_count", "outliers_count", "top_values", "other_values_count")
    for a, b in zip(got.columns, want.columns, strict=True):
        assert [getattr(a, f, None) for f in exact] == [getattr(b, f, None) for f in exact], a.name
        assert [h.count for h in a.histogram] == [h.count for h in b.histogram], a.name
        for moment in ("mean", "std", "skewness"):
            x, y = getattr(a, moment), getattr(b, moment)
            assert (x is None) == (y is None) and (x is None or x == pytest.approx(y, rel=1e-12, abs=1e-15)), a.name
        if b.quantiles is not None:
            assert a.quantiles is not None
            assert a.quantiles.model_dump() == pytest.approx(b.quantiles.model_dump(), rel=1e-12)
    assert sorted((x.type, x.column) for x in got.alerts) == sorted((x.type, x.column) for x in want.alerts)
    for method in ("pearson", "spearman", "cramers_v"):
        want_pairs = {(p.column_a, p.column_b): p.value for p in getattr(want.correlations, method)}
        got_pairs = {(p.column_a, p.column_b): p.value for p in getattr(got.correlations, method)}
        assert got_pairs.keys() == want_pairs.keys(), method
        assert all(got_pairs[k] == pytest.approx(v, abs=1e-9) for k, v in want_pairs.items()), method


def test_doubled_ranks_are_pandas_average_ranks() -> None:
    """Ties share their mean rank, infinities and NaN get none; twice the rank is stored exactly as int32."""
    import numpy as np
    import pandas as pd

    from profiling.bigfiles.ranks import MISSING, doubled_ranks
    from profiling.profile.runs import finite_bounds

    rng = np.random.default_rng(8)
    values = rng.integers(0, 50, 10_000).astype(float) / 3
    values[rng.random(values.size) < 0.05] = np.inf
    values[rng.random(values.size) < 0.05] = -np.inf
    order = np.argsort(values).astype(np.int32)
    low, high = finite_bounds(values[order])
    doubled = doubled_ranks(values[order], order, low=low, high=high)
    finite = np.isfinite(values)
    want = pd.Series(np.where(finite, values, np.nan)).rank().to_numpy()
    assert (doubled[~finite] == MISSING).all()
    assert np.array_equal(doubled[finite], (want[finite] * 2).astype(np.int32))


def test_memory_cap_too_small_names_the_cap_and_the_setting(tmp_path: Path) -> None:
    """Exact quantiles and ranks of a column too long for the NumPy pass cannot spill: the message says
    so, with the cap and the variable to raise, not a hint about the file's format."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from profiling.errors import ProfilingError

    rng = np.random.default_rng(4)
    path = tmp_path / "long.parquet"
    pq.write_table(pa.table({"x": rng.normal(size=1_500_000), "y": rng.normal(size=1_500_000)}), path)
    with pytest.raises(ProfilingError) as caught:
        profile_file(path, memory_limit_mb=30, numpy_budget_bytes=1)
    message = str(caught.value)
    assert "long.parquet" in message and "memory cap of 30 MB" in message
    assert "PRISM_DUCKDB_MEMORY_MB" in str(caught.value.hint) and "valid CSV" not in message
