"""Fast profile: statistics against pandas/scipy on real files, real-data checks, edge frames, cache."""

from __future__ import annotations

import json
import math
import string
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from scipy import stats as sps

from profiling.profile import DatasetProfile, cached_profile, correlations, inputs, profile_frame, profile_parquet
from profiling.profile.engine import duckdb_source
from profiling.profile.inputs import frame_to_arrow
from profiling.profile.memory import regular_pages
from profiling.profile.models import SCHEMA_VERSION, ValueCount
from profiling.profile.stats import levels_query

ADULT_NAMES = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
]  # fmt: skip
HEART_NAMES = "age sex cp trestbps chol fbs restecg thalach exang oldpeak slope ca thal num".split()


@pytest.fixture(scope="module")
def adult_frame(datasets: Path) -> pd.DataFrame:
    path = datasets / "adult" / "adult.data"
    return pd.read_csv(path, header=None, names=ADULT_NAMES, skipinitialspace=True, na_values="?")


@pytest.fixture(scope="module")
def adult(adult_frame: pd.DataFrame) -> DatasetProfile:
    return profile_frame(adult_frame, name="adult")


def heart(datasets: Path, source: str) -> pd.DataFrame:
    path = datasets / "heart_disease" / f"processed.{source}.data"
    return pd.read_csv(path, header=None, names=HEART_NAMES, na_values="?")


def alerts_of(profile: DatasetProfile, type_: str) -> dict[str | None, float | None]:
    return {a.column: a.value for a in profile.alerts if a.type == type_}


def test_adult_documented_figures(adult: DatasetProfile) -> None:
    sex = adult.column("sex")
    assert {v.value: v.count for v in sex.top_values} == {"Male": 21_790, "Female": 10_771}
    assert adult.column("workclass").missing_count == 1_836
    assert adult.column("occupation").missing_count == 1_843
    assert adult.column("native-country").missing_count == 583
    assert adult.dataset.duplicate_rows == 24
    assert alerts_of(adult, "duplicate_rows") == {None: 24.0}
    assert (adult.dataset.rows, adult.dataset.columns) == (32_561, 15)


def test_adult_numeric_statistics_match_pandas(adult: DatasetProfile, adult_frame: pd.DataFrame) -> None:
    for name in ("age", "fnlwgt", "capital-gain", "hours-per-week"):
        col, series = adult.column(name), adult_frame[name]
        assert col.mean == pytest.approx(series.mean(), abs=1e-9 if name == "age" else 1e-6, rel=1e-12)
        assert col.std == pytest.approx(series.std(), rel=1e-9)
        assert (col.min, col.max) == (series.min(), series.max())
        assert col.quantiles is not None
        expected = series.quantile([0.05, 0.25, 0.5, 0.75, 0.95]).tolist()
        assert [
            col.quantiles.p05,
            col.quantiles.p25,
            col.quantiles.p50,
            col.quantiles.p75,
            col.quantiles.p95,
        ] == pytest.approx(expected)
        assert col.skewness == pytest.approx(series.skew(), rel=1e-6)
        assert col.distinct_count == series.nunique()
        assert col.zeros_count == int((series == 0).sum())
        q1, q3 = series.quantile([0.25, 0.75])
        fence = 1.5 * (q3 - q1)
        assert col.outliers_count == int(((series < q1 - fence) | (series > q3 + fence)).sum())
        assert sum(b.count for b in col.histogram) == series.notna().sum()
    assert abs(adult.column("age").mean - adult_frame["age"].mean()) <= 1e-9


def test_adult_categorical_statistics(adult: DatasetProfile, adult_frame: pd.DataFrame) -> None:
    for name in ("workclass", "education", "race", "native-country"):
        col, series = adult.column(name), adult_frame[name]
        counts = series.value_counts()
        assert col.kind == "categorical"
        assert col.distinct_count == len(counts)
        assert col.top_values[0].value == counts.index[0] and col.top_values[0].count == counts.iloc[0]
        expected = 1 - sps.entropy(counts.to_numpy(), base=2) / math.log2(len(counts))
        assert col.imbalance == pytest.approx(expected, abs=1e-12)
        assert col.length_max == series.str.len().max()
    assert alerts_of(adult, "imbalance").keys() >= {"race", "native-country"}
    assert "income" not in alerts_of(adult, "case_variants")  # '<=50K' and '>50K' are different labels


def test_adult_correlations_match_pandas(adult: DatasetProfile, adult_frame: pd.DataFrame) -> None:
    pearson = {(p.column_a, p.column_b): p.value for p in adult.correlations.pearson}
    spearman = {(p.column_a, p.column_b): p.value for p in adult.correlations.spearman}
    pair = ("age", "hours-per-week")
    assert pearson[pair] == pytest.approx(adult_frame["age"].corr(adult_frame["hours-per-week"]), abs=1e-9)
    expected = sps.spearmanr(adult_frame["age"], adult_frame["hours-per-week"]).statistic
    assert spearman[pair] == pytest.approx(expected, abs=1e-9)
    cramers = {(p.column_a, p.column_b): p.value for p in adult.correlations.cramers_v}
    table = pd.crosstab(adult_frame["sex"], adult_frame["relationship"]).to_numpy()
    chi2 = sps.chi2_contingency(table, correction=False).statistic
    assert cramers[("relationship", "sex")] == pytest.approx(math.sqrt(chi2 / table.sum() / 1), abs=1e-9)


def test_every_numeric_pair_matches_pandas_on_adult_and_heart(
    adult: DatasetProfile, adult_frame: pd.DataFrame, datasets: Path
) -> None:
    """Pearson pairwise-complete as pandas; Spearman ranks each column within its own values."""
    cleveland = heart(datasets, "cleveland")  # ca and thal have missing values
    for profile, frame in ((adult, adult_frame), (profile_frame(cleveland, name="cleveland"), cleveland)):
        numeric = frame[[c.name for c in profile.columns if c.kind == "numeric"]]
        pearson, ranked = numeric.corr(), numeric.rank().corr()
        spearman = numeric.corr(method="spearman")  # pandas re-ranks each pair's complete rows
        assert len(profile.correlations.pearson) == len(numeric.columns) * (len(numeric.columns) - 1) // 2
        for p in profile.correlations.pearson:
            assert p.value == pytest.approx(pearson.loc[p.column_a, p.column_b], abs=1e-9)
        for p in profile.correlations.spearman:
            assert p.value == pytest.approx(ranked.loc[p.column_a, p.column_b], abs=1e-9)
            assert p.value == pytest.approx(spearman.loc[p.column_a, p.column_b], abs=0.01)


def test_mode_of_tied_values_is_the_smallest_value(tmp_path: Path) -> None:
    """Near-unique columns get no top-values query: their mode comes from the levels query, and on
    ties it must be the same value every run (the smallest, as the top-values order has it)."""
    rng = np.random.default_rng(11)
    numbers = np.arange(3_000, dtype=float)
    numbers[:40] = numbers[40:80]  # forty values held twice
    texts = np.array([f"w{i:05d}" for i in range(3_000)], dtype=object)
    texts[:40] = texts[40:80]
    frame = pd.DataFrame({"x": numbers, "t": texts}).iloc[rng.permutation(3_000)]
    expected = {"x": "40.0", "t": "w00040"}
    path = tmp_path / "ties.parquet"
    frame.iloc[::-1].to_parquet(path, index=False)
    for profile in [profile_frame(frame, name="ties") for _ in range(3)] + [profile_parquet(path)]:
        for name, value in expected.items():
            assert [(v.value, v.count) for v in profile.column(name).top_values] == [(value, 2)]


def _close(mine: object, theirs: object) -> bool:
    """Equal, floats to a relative 1e-12 (sums taken in a different order)."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(_close(mine[k], theirs[k]) for k in mine)
    if isinstance(mine, list) and isinstance(theirs, list):
        return len(mine) == len(theirs) and all(_close(a, b) for a, b in zip(mine, theirs, strict=True))
    if isinstance(mine, float) and isinstance(theirs, float):
        return mine == pytest.approx(theirs, rel=1e-12, abs=1e-15)
    return mine == theirs


def test_in_process_plan_equals_the_sql_plan(datasets: Path, tmp_path: Path) -> None:
    """The NumPy path for numeric columns (DuckDB in process) gives the profile the SQL plan gives: the
    same counts, levels, quantiles, bins and alerts; moments summed in another order agree to 1e-12."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=2_000).round(2)
    x[::97], x[::89], x[::83] = np.nan, np.inf, -0.5
    frame = heart(datasets, "hungarian").sample(2_000, replace=True, random_state=1).reset_index(drop=True)
    frame["x"], frame["u"] = x, rng.random(2_000)
    frame["grade"] = pd.Series(rng.choice(["a", "b", "c", "d"], 2_000), dtype=object).where(rng.random(2_000) > 0.1)
    frame["band"], frame["flag"] = rng.choice(["low", "high", "mid"], 2_000), rng.random(2_000) < 0.3
    seconds = pd.Series(rng.integers(1_400_000_000, 1_700_000_000, 2_000) + rng.random(2_000).round(3))
    frame["seen"] = pd.to_datetime(seconds, unit="s").where(rng.random(2_000) > 0.05)  # instants, some missing
    frame["seen_utc"] = frame["seen"].dt.tz_localize("UTC")
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 40, 2_000), unit="D")
    frame["day"] = pd.Series(days.date, dtype=object)  # Arrow date32; repeated days: top values
    local = profile_frame(frame, name="plans")
    sql = _profiled(frame, plan="sql")
    assert local.column("day").top_values and local.column("seen").histogram
    path = tmp_path / "plans.parquet"
    frame.to_parquet(path, index=False, coerce_timestamps="us", allow_truncated_timestamps=True)
    from_file, sql_from_file = profile_parquet(path), _profiled(frame, plan="sql", parquet=path)
    for mine, theirs in zip(from_file.columns, sql_from_file.columns, strict=True):  # dtype: the file's vs pandas'
        assert _close(mine.model_dump(exclude={"dtype"}), theirs.model_dump(exclude={"dtype"})), mine.name
    frame["f32"] = rng.random(2_000).astype("float32")  # profiled by SQL even in process: pairs come later
    for mixed in (profile_frame(frame, name="plans"), _profiled(frame, plan="sql")):
        pairs = {(p.column_a, p.column_b): p.value for p in mixed.correlations.spearman}
        for p in sql.correlations.spearman:
            assert pairs[(p.column_a, p.column_b)] == pytest.approx(p.value, abs=1e-12)
        assert any("f32" in key for key in pairs)
    assert local.correlations.pearson and local.correlations.spearman and len(local.correlations.cramers_v) >= 3
    for mine, theirs in zip(local.columns, sql.columns, strict=True):
        assert _close(mine.model_dump(), theirs.model_dump()), mine.name
    assert _close([a.model_dump() for a in local.alerts], [a.model_dump() for a in sql.alerts])
    assert local.dataset.model_copy(update={"name": "ranks", "memory_bytes": 0}) == sql.dataset
    for kind in ("pearson", "spearman", "cramers_v"):
        pairs = {(p.column_a, p.column_b): p.value for p in getattr(sql.correlations, kind)}
        assert {(p.column_a, p.column_b) for p in getattr(local.correlations, kind)} == pairs.keys()
        for p in getattr(local.correlations, kind):
            assert p.value == pytest.approx(pairs[(p.column_a, p.column_b)], abs=1e-12)


def test_integers_beyond_float_precision_keep_exact_levels() -> None:
    """2**60 + k collapse to a few float64 values: such columns get their levels from SQL."""
    big = pd.Series(2**60 + np.arange(100, dtype=np.int64).repeat(2), dtype="int64")
    frame = pd.DataFrame({"big": big, "small": np.arange(200) % 7})
    profile = profile_frame(frame, name="big")
    assert profile.column("big").distinct_count == big.nunique() == 100
    assert profile.column("big").top_values[0] == ValueCount(value=str(2**60), count=2)
    assert profile.column("small").distinct_count == 7
    assert profile.column("small").quantiles == _profiled(frame, plan="sql").column("small").quantiles


def test_switzerland_cholesterol_is_a_suspected_missing_marker(datasets: Path) -> None:
    profile = profile_frame(heart(datasets, "switzerland"), name="switzerland")
    chol = profile.column("chol")
    assert (chol.count, chol.zeros_count, chol.kind) == (123, 123, "constant")
    assert alerts_of(profile, "suspected_missing_marker")["chol"] == 123
    assert profile.column("ca").missing_count == 118


def test_va_zero_cholesterol_flagged_and_sex_is_boolean(datasets: Path) -> None:
    profile = profile_frame(heart(datasets, "va"), name="va")
    assert alerts_of(profile, "suspected_missing_marker")["chol"] == 49
    assert profile.column("sex").kind == "boolean"
    assert "ca" not in alerts_of(profile, "suspected_missing_marker")  # 0 vessels is a real value


def test_load_warnings_reach_the_profile(datasets: Path) -> None:
    @dataclass
    class Note:
        type: str
        column: str | None
        count: int | None
        message: str

    notes = [Note("missing_markers", "ca", 118, "118 values '?' in ca were read as missing.")]
    notes.append(Note("suspected_sentinel", "trestbps", 1, "trestbps is 0 once."))
    profile = profile_frame(heart(datasets, "switzerland"), name="s", load_warnings=notes)
    assert profile.column("ca").missing_markers_count == 118
    assert alerts_of(profile, "missing_markers") == {"ca": 118.0}
    assert alerts_of(profile, "suspected_missing_marker")["trestbps"] == 1.0


def test_kinds_and_text_checks() -> None:
    frame = pd.DataFrame(
        {
            "user_id": pd.array(range(100), dtype="Int64"),
            "city": ["Paris", "paris", "PARIS ", "Lyon"] * 25,
            "mixed": ["1", "2", "x", "3"] * 25,
            "flag": [True, False] * 50,
            "when": pd.date_range("2020-01-01", periods=100, freq="D", tz="Europe/Paris"),
            "note": [f"free text number {i} here" for i in range(100)],
            "const": [7] * 100,
        }
    )
    profile = profile_frame(frame, name="kinds")
    kinds = {c.name: c.kind for c in profile.columns}
    assert kinds == {
        "user_id": "identifier", "city": "categorical", "mixed": "categorical", "flag": "boolean",
        "when": "datetime", "note": "text", "const": "constant",
    }  # fmt: skip
    assert profile.column("city").whitespace_count == 25
    assert alerts_of(profile, "case_variants").keys() == {"city"}
    assert alerts_of(profile, "whitespace").keys() == {"city"}
    assert alerts_of(profile, "mixed_types") == {"mixed": 75.0}
    when = profile.column("when")
    assert when.date_min is not None and when.date_min.startswith("2019-12-31T23:00:00")
    assert sum(b.count for b in when.histogram) == 100


EDGE_CASES = [
    "a", " a", "a ", "\ta", "a\t", "\na", "a\n", "\ra", "a\r", "\x0ba", "a\x0c", "a b", " a b ", "a\tb",
    " ab", " ", "  x  y", "x\n\n", "\u00a0a", "a\u3000", "1.5", " 2 ", "1e3", "inf", "nan", "-", "",
]  # fmt: skip


def test_text_checks_on_every_whitespace_character() -> None:
    """Value k is written 2**k times, so each count names exactly the values it took in. Reference:
    whitespace at an end is what Ibis' strip() removes (string.whitespace); inner spaces are spaces
    left after stripping; numbers as text are what DuckDB's TRY_CAST to DOUBLE reads."""
    frame = pd.DataFrame({"v": [v for k, v in enumerate(EDGE_CASES) for _ in range(2**k)]})
    column = profile_frame(frame, name="edges").column("v")
    stripped = [v.strip(string.whitespace) for v in EDGE_CASES]
    assert column.whitespace_count == sum(2**k for k, v in enumerate(EDGE_CASES) if v != stripped[k])
    source = duckdb_source(arrow=pa.table({"v": pa.array(EDGE_CASES)}))
    row = source.run(levels_query(source)).to_pylist()[0]
    assert row["with_spaces"] == sum(" " in v for v in stripped)
    checked = duckdb.execute(
        "SELECT list(TRY_CAST(v AS DOUBLE) IS NOT NULL) FROM (SELECT unnest($1) AS v)", [EDGE_CASES]
    )
    numbers = checked.fetchall()[0][0]
    assert column.numeric_like_count == sum(2**k for k, ok in enumerate(numbers) if ok)


def test_object_column_of_mixed_python_types() -> None:
    """Numbers beside text, and bytes beside str (which Arrow alone would take as one binary column)."""
    bytes_and_text = pd.Series(["a", b"b", None, "c", "d"], dtype=object)
    frame = pd.DataFrame({"m": [1, "a", 2.5, None, "b"], "x": [1.0, np.inf, -np.inf, np.nan, 2.0], "t": bytes_and_text})
    profile = profile_frame(frame, name="mixed")
    assert alerts_of(profile, "mixed_types")["m"] == 3.0
    assert "t" in alerts_of(profile, "mixed_types") and profile.column("t").dtype == "object"
    x = profile.column("x")
    assert (x.count, x.missing_count, x.infinite_count, x.min, x.max) == (4, 1, 2, 1.0, 2.0)
    assert alerts_of(profile, "infinite") == {"x": 2.0}


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(),
        pd.DataFrame({"a": pd.Series([], dtype="float64"), "b": pd.Series([], dtype="object")}),
        pd.DataFrame({"a": [1.5], "b": ["x"], "c": [pd.Timestamp("2020-01-01", tz="UTC")]}),
        pd.DataFrame({"a": [np.nan] * 5, "b": [None] * 5, "c": pd.array([None] * 5, dtype="Int64")}),
        pd.DataFrame({"名前": ["é", "é", "ü"], "ß ": [1, 1, 1]}),
    ],
    ids=["empty", "no-rows", "one-row", "all-null", "unicode"],
)
def test_edge_frames_profile_and_round_trip(frame: pd.DataFrame) -> None:
    profile = profile_frame(frame, name="edge")
    assert profile.dataset.rows == len(frame) and profile.dataset.columns == frame.shape[1]
    dumped = profile.model_dump(mode="json")
    assert "NaN" not in json.dumps(dumped, allow_nan=False)
    assert DatasetProfile.model_validate(dumped) == profile
    for col in profile.columns:
        assert col.count + col.missing_count == len(frame)


def test_json_shape_for_the_cli(adult: DatasetProfile) -> None:
    dumped = adult.model_dump(mode="json")
    assert {"dataset", "columns", "alerts", "correlations"} <= dumped.keys()
    assert {"name", "rows", "columns"} <= dumped["dataset"].keys()
    age = next(c for c in dumped["columns"] if c["name"] == "age")
    assert {"name", "kind", "missing_count", "distinct_count", "mean", "std", "min", "max"} <= age.keys()
    assert all({"type", "column"} <= a.keys() for a in dumped["alerts"])


def test_parquet_matches_frame(tmp_path: Path, adult_frame: pd.DataFrame, adult: DatasetProfile) -> None:
    path = tmp_path / "adult.parquet"
    adult_frame.to_parquet(path, index=False)
    from_file = profile_parquet(path, name="adult")
    assert from_file.dataset.duplicate_rows == 24
    assert from_file.column("age").mean == adult.column("age").mean
    assert from_file.column("sex").top_values == adult.column("sex").top_values


def test_text_layout_changes_no_statistic(
    adult_frame: pd.DataFrame, adult: DatasetProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repeating text reaches DuckDB as a dictionary, near-unique text as plain strings; the profile
    (memory included: the plain Arrow size) is the same as with every column plain."""
    frame = adult_frame.assign(serial=[f"row {i}" for i in range(len(adult_frame))])
    converted = frame_to_arrow(frame)
    assert pa.types.is_dictionary(converted.table.schema.field("workclass").type)
    assert pa.types.is_string(converted.table.schema.field("serial").type)
    laid_out = profile_frame(frame, name="adult").model_dump(exclude={"seconds"})
    monkeypatch.setattr(inputs, "LAYOUT_SAMPLE", 0)  # no sample: every text column stays plain
    plain = frame_to_arrow(frame)
    assert not any(pa.types.is_dictionary(t) for t in plain.table.schema.types)
    assert plain.nbytes == converted.nbytes == plain.table.nbytes
    again = profile_frame(frame, name="adult").model_dump(exclude={"seconds"})
    assert _close(again, laid_out)  # DuckDB's parallel sums (n ln n of text levels) vary in the last bits


def test_dictionary_codes_merge_repeated_dictionary_values() -> None:
    """Arrow lets a dictionary repeat a value: two codes of one value are then one level."""
    repeated = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, None, 0], pa.int32()), pa.array(["a", "a", "b"]))
    codes, levels = correlations._codes(pa.chunked_array([repeated]))
    assert levels == 2 and codes.tolist() == [1, 1, 2, 0, 1]  # 0: missing
    distinct = pa.DictionaryArray.from_arrays(pa.array([1, 0, None, 1], pa.int32()), pa.array(["b", "a"]))
    codes, levels = correlations._codes(pa.chunked_array([distinct[:2], distinct[2:]]))
    assert levels == 2 and codes.tolist() == [2, 1, 0, 2]  # its own codes, shifted by one


def test_profiles_allocate_without_huge_pages_and_put_the_setting_back() -> None:
    switch = np._core.multiarray._set_madvise_hugepage  # type: ignore[attr-defined]
    before = switch(True)  # on, as NumPy starts on this kernel
    try:
        with regular_pages():
            assert switch(False) is False  # off inside the block
        assert switch(True) is True  # on again after it
    finally:
        switch(before)


def test_cache_stores_reuses_and_recomputes_old_versions(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute() -> DatasetProfile:
        calls.append(1)
        return profile_frame(pd.DataFrame({"a": [1, 2, 2]}), name="tiny")

    first = cached_profile(tmp_path, "abc123", compute)
    second = cached_profile(tmp_path, "abc123", compute)
    assert first == second and len(calls) == 1
    path = tmp_path / "profiles" / "abc123.json"
    stale = json.loads(path.read_text()) | {"schema_version": SCHEMA_VERSION - 1}
    path.write_text(json.dumps(stale))
    cached_profile(tmp_path, "abc123", compute)
    path.write_text("{not json")
    cached_profile(tmp_path, "abc123", compute)
    assert len(calls) == 3
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]
    with pytest.raises(ValueError):
        cached_profile(tmp_path, "../escape", compute)


@pytest.mark.parametrize(
    ("plan", "lookup_max"),
    [("numpy", 0), ("sql", 0), ("sql", 100_000)],
    ids=["numpy-ranks", "sql-window-ranks", "sql-value-count-ranks"],
)
def test_spearman_on_every_row_every_rank_plan(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, plan: str, lookup_max: int
) -> None:
    """Ranks in NumPy (DuckDB in process), and in SQL from a window or value counts (other engines)."""
    from profiling.profile import stats

    monkeypatch.setattr(stats, "RANK_LOOKUP_MAX", lookup_max)
    rng = np.random.default_rng(3)
    x = rng.normal(size=500).round(1)  # ties
    frame = pd.DataFrame({"x": x, "y": x + rng.normal(size=500), "k": rng.integers(0, 7, 500).astype(float)})
    frame.loc[::17, "y"] = np.nan  # missing in one column only
    frame.loc[::23, "k"] = np.inf  # infinities are left out of ranks, like NaN
    finite = frame.replace(np.inf, np.nan)
    for profile in (_profiled(frame, plan=plan), _via_parquet(frame, tmp_path, plan=plan)):
        assert profile.correlations.spearman_rows == 500
        got = {(p.column_a, p.column_b): p.value for p in profile.correlations.spearman}
        pearson = {(p.column_a, p.column_b): p.value for p in profile.correlations.pearson}
        ranks = finite.rank()  # each column ranked within its own finite values (average ties)
        for a, b in (("x", "y"), ("x", "k"), ("y", "k")):
            assert got[(a, b)] == pytest.approx(ranks[a].corr(ranks[b]), abs=1e-12)
            assert pearson[(a, b)] == pytest.approx(finite[a].corr(finite[b]), abs=1e-12)


def _profiled(frame: pd.DataFrame, *, plan: str, parquet: Path | None = None) -> DatasetProfile:
    """The profile through the in-process plan, or through the SQL plan other engines run."""
    if plan == "numpy":
        return profile_parquet(parquet) if parquet else profile_frame(frame, name="ranks")
    from profiling.profile.engine import duckdb_source
    from profiling.profile.inputs import frame_to_arrow
    from profiling.profile.profiler import _profile

    converted = frame_to_arrow(frame)
    source = duckdb_source(parquet=parquet) if parquet else duckdb_source(arrow=converted.table)
    remote = replace(source, cursor=None, concurrent=False)
    return _profile(remote, name="ranks", dtypes=converted.dtypes, memory=0, mixed={}, notes=[], started=0.0)


def _via_parquet(frame: pd.DataFrame, tmp_path: Path, *, plan: str) -> DatasetProfile:
    path = tmp_path / "ranks.parquet"
    frame.to_parquet(path, index=False)
    return _profiled(frame, plan=plan, parquet=path)
