"""Pairwise association: Pearson and Spearman between numeric columns, Cramér's V between categories."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from profiling.profile.arrays import NumericArrays
from profiling.profile.engine import Source
from profiling.profile.models import ColumnProfile, CorrelationPair, Correlations
from profiling.profile.pairs import local_pairs
from profiling.profile.stats import NumericColumn, association_query, contingency_query, pair_correlation

MAX_NUMERIC = 30
MAX_CATEGORICAL = 15
MAX_LEVELS = 50


def compute_correlations(
    source: Source,
    columns: Sequence[ColumnProfile],
    *,
    rows: int,
    arrays: NumericArrays | None = None,
    ranks: Mapping[str, np.ndarray] | None = None,
) -> Correlations:
    """All three coefficients, over every row; numeric pairs with NumPy when `arrays` holds the columns."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # in process: the cross-tabs run during the NumPy work
        concurrent = source.concurrent and source.in_process
        cramers_job = pool.submit(categorical_correlations, source, columns) if concurrent else None
        pearson, spearman = numeric_correlations(source, columns, rows=rows, arrays=arrays, ranks=ranks)
        cramers = cramers_job.result() if cramers_job is not None else categorical_correlations(source, columns)
    return Correlations(pearson=pearson, spearman=spearman, cramers_v=cramers, spearman_rows=rows if spearman else 0)


def numeric_correlations(
    source: Source,
    columns: Sequence[ColumnProfile],
    *,
    rows: int,
    arrays: NumericArrays | None = None,
    ranks: Mapping[str, np.ndarray] | None = None,
) -> tuple[list[CorrelationPair], list[CorrelationPair]]:
    """Pearson's r and Spearman's rho between the numeric columns among `columns` (others are ignored)."""
    numeric_profiles = [c for c in columns if c.kind == "numeric" and (c.std or 0) > 0][:MAX_NUMERIC]
    return _numeric_pairs(source, numeric_profiles, rows=rows, arrays=arrays, ranks=ranks or {})


def categorical_correlations(source: Source, columns: Sequence[ColumnProfile]) -> list[CorrelationPair]:
    """Cramér's V between the categorical and boolean columns among `columns` with 2 to MAX_LEVELS levels."""
    categorical = [
        c.name for c in columns if c.kind in ("categorical", "boolean") and 2 <= c.distinct_count <= MAX_LEVELS
    ][:MAX_CATEGORICAL]
    return _cramers_v(source, categorical)


def _numeric_pairs(
    source: Source,
    profiles: Sequence[ColumnProfile],
    *,
    rows: int,
    arrays: NumericArrays | None,
    ranks: Mapping[str, np.ndarray],
) -> tuple[list[CorrelationPair], list[CorrelationPair]]:
    """Pearson's r and Spearman's rho for every pair, from one query's sums."""
    columns = [
        NumericColumn(
            name=c.name, distinct=c.distinct_count, finite=c.count - (c.infinite_count or 0), mean=c.mean or 0.0
        )
        for c in profiles
    ]
    if len(columns) < 2:
        return [], []
    if arrays is not None:  # DuckDB in this process: rank with NumPy (see profiling.profile.pairs)
        pearson, spearman = local_pairs(arrays, columns, ranks)
        return pairs_of(columns, pearson), pairs_of(columns, spearman)
    query = association_query(source, columns, rows=rows)
    if query is None:
        return [], []
    row = source.run(query).to_pylist()[0]
    out: dict[str, list[CorrelationPair]] = {"x": [], "r": []}
    for kind, pairs in out.items():
        for i, a in enumerate(columns):
            for j in range(i + 1, len(columns)):
                value = pair_correlation(row, kind, i, j)
                if value is not None:
                    pairs.append(CorrelationPair(column_a=a.name, column_b=columns[j].name, value=value))
    return out["x"], out["r"]


def pairs_of(columns: Sequence[NumericColumn], matrix: np.ndarray) -> list[CorrelationPair]:
    """The coefficients above the diagonal of `matrix` (NaN, undefined, left out) as named pairs."""
    return [
        CorrelationPair(column_a=a.name, column_b=columns[j].name, value=float(matrix[i, j]))
        for i, a in enumerate(columns)
        for j in range(i + 1, len(columns))
        if not math.isnan(matrix[i, j])
    ]


def _cramers_v(source: Source, names: Sequence[str]) -> list[CorrelationPair]:
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    codes = local_codes(source, names)
    if codes is not None:
        return [
            CorrelationPair(column_a=a, column_b=b, value=value)
            for a, b in pairs
            if (value := cramers_v_codes(codes[a], codes[b])) is not None
        ]
    query = contingency_query(source, pairs)
    if query is None:
        return []
    tables: dict[int, list[tuple[str, str, int]]] = {}
    for row in source.run(query).to_pylist():
        tables.setdefault(row["pair"], []).append((row["a"], row["b"], row["n"]))
    out = []
    for index, (a, b) in enumerate(pairs):
        value = cramers_v(tables.get(index, []))
        if value is not None:
            out.append(CorrelationPair(column_a=a, column_b=b, value=value))
    return out


def local_codes(source: Source, names: Sequence[str]) -> dict[str, tuple[np.ndarray, int]] | None:
    """Each column's level numbers (1 up, 0 missing) and level count, from the Arrow data of an in-process
    source; None where the SQL plan must run (remote engines, or a numeric column: SQL counts its NaN
    as a level)."""
    if not names or not source.in_process or source.arrow is None and source.parquet is None:
        return None
    if any(source.physical[name] not in ("string", "boolean") for name in names):
        return None
    if source.arrow is not None:
        data = source.arrow.select(list(names))
    else:
        text = [name for name in names if source.physical[name] == "string"]  # as codes: no strings made
        data = pq.read_table(source.parquet, columns=list(names), read_dictionary=text)
    return {name: _codes(data.column(name)) for name in names}


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """Level numbers (1 up, 0 missing; int32) and level count of one column. Text laid out as a
    dictionary of distinct values (see `inputs._text_layout`) gives its own codes; other columns are
    encoded here."""
    if pa.types.is_dictionary(column.type):
        unified = column.unify_dictionaries()
        dictionary = unified.chunk(0).dictionary if unified.num_chunks else None
        if dictionary is not None and not dictionary.null_count and _distinct(dictionary):
            indices = pa.chunked_array([chunk.indices for chunk in unified.chunks], type=column.type.index_type)
            return _shifted(indices), len(dictionary)
        column = column.cast(column.type.value_type)
    encoded = pc.dictionary_encode(column.combine_chunks())
    return _shifted(encoded.indices), len(encoded.dictionary)


def _shifted(indices: pa.Array | pa.ChunkedArray) -> np.ndarray:
    codes = indices.fill_null(-1).to_numpy().astype(np.int32)
    codes += 1
    return codes


def _distinct(values: pa.Array) -> bool:
    return bool(pc.count_distinct(values).as_py() == len(values))


def cramers_v_codes(a: tuple[np.ndarray, int], b: tuple[np.ndarray, int]) -> float | None:
    """Cramér's V of two columns given as level numbers (0 missing), over the rows where both are present.

    One count over every row, missing levels included; their row and column are dropped after (cheaper
    than selecting the complete rows first)."""
    (codes_a, levels_a), (codes_b, levels_b) = a, b
    cells = codes_a * np.int32(levels_b + 1)
    cells += codes_b
    table = np.bincount(cells, minlength=(levels_a + 1) * (levels_b + 1))
    table = table.reshape(levels_a + 1, levels_b + 1)[1:, 1:].astype(np.float64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]  # levels seen only beside a gap
    return _cramers_v_table(table)


def cramers_v(cells: Sequence[tuple[str, str, int]]) -> float | None:
    """Cramér's V (no bias correction) of a contingency table given as (row level, column level, count)."""
    rows = sorted({a for a, _, _ in cells})
    cols = sorted({b for _, b, _ in cells})
    if len(rows) < 2 or len(cols) < 2:
        return None
    table = np.zeros((len(rows), len(cols)))
    row_at = {v: i for i, v in enumerate(rows)}
    col_at = {v: i for i, v in enumerate(cols)}
    for a, b, n in cells:
        table[row_at[a], col_at[b]] = n
    return _cramers_v_table(table)


def _cramers_v_table(table: np.ndarray) -> float | None:
    """Cramér's V (no bias correction) of a contingency table without empty rows or columns."""
    if min(table.shape) < 2:
        return None
    total = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / total
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return min(1.0, math.sqrt(chi2 / total / (min(table.shape) - 1)))
