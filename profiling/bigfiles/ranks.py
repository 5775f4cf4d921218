"""Average ranks of numeric columns kept off the heap: doubled, as int32, one temporary file per column.

Spearman's rho needs each column's average ranks (ties share their mean rank) in row order, read back
row block by row block beside the values. Twice an average rank is a whole number (the sum of the
run's first and last rank), so it is stored exactly as int32 (4 bytes a row, exact up to 1e9 rows),
with 0 where the value is missing or infinite. The files are read with plain reads at offsets, not
mapped: mapped pages would count in the process's resident memory.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

MISSING = 0  # no rank: the value is NaN, null or infinite (doubled ranks start at 2)
BLOCK = 1 << 20


class RankStore:
    """One folder of rank files, one per column name."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._files: dict[str, Path] = {}
        self._numbers = itertools.count()  # next() is atomic: columns are written from two threads

    def __contains__(self, name: str) -> bool:
        return name in self._files

    def write(self, name: str, doubled: np.ndarray) -> None:
        """Store a column's doubled ranks (int32, row order, MISSING where not ranked)."""
        path = self.folder / f"{next(self._numbers)}.ranks"
        doubled.astype(np.int32, copy=False).tofile(path)
        self._files[name] = path

    def write_blocks(self, name: str, blocks: Iterable[np.ndarray]) -> None:
        """Store a column's doubled ranks given block by block (int32, row order)."""
        path = self.folder / f"{next(self._numbers)}.ranks"
        with open(path, "wb") as handle:
            for block in blocks:
                block.astype(np.int32, copy=False).tofile(handle)
        self._files[name] = path

    def read(self, name: str, start: int, count: int) -> np.ndarray:
        """Average ranks of rows start .. start + count as float64, NaN where not ranked."""
        doubled = np.fromfile(self._files[name], dtype=np.int32, count=count, offset=start * 4)
        return np.where(doubled == MISSING, np.nan, doubled * 0.5)


def doubled_ranks(ordered: np.ndarray, order: np.ndarray, *, low: int, high: int) -> np.ndarray:
    """Doubled average ranks among the finite values, in the order the values had before sorting.

    `ordered` is the sorted values and `order` the argsort that sorted them; positions below `low`
    (-inf) and from `high` on (+inf) get MISSING. Each position's run of equal values is found by
    running maxima and minima (int32, no per-run arrays): twice the mean rank of a run covering
    sorted positions s .. e - 1 is s + e + 1 - 2 * low.
    """
    size = len(ordered)
    if not size:
        return np.empty(0, np.int32)
    same = ordered[1:] == ordered[:-1]
    first = np.arange(size, dtype=np.int32)
    first[1:][same] = 0
    np.maximum.accumulate(first, out=first)  # where each position's run starts
    last = np.arange(1, size + 1, dtype=np.int32)
    last[:-1][same] = size
    del same
    reverse = last[::-1]
    np.minimum.accumulate(reverse, out=reverse)  # where each position's run ends (exclusive)
    first += last
    first += 1 - 2 * low
    first[:low] = MISSING
    first[high:] = MISSING
    last[order] = first  # `last` is free again: it takes the ranks back to row order
    return last


def counted_ranks(values: np.ndarray, *, low: float, span: int) -> Iterator[np.ndarray]:
    """Doubled average ranks of integer values (as float64, NaN missing) within low .. low + span,
    block by block in row order: from the count of each value, with no sort."""
    tally = np.zeros(span + 1, np.int64)
    for start in range(0, len(values), BLOCK):
        block = values[start : start + BLOCK]
        tally += np.bincount((block[~np.isnan(block)] - low).astype(np.int64), minlength=span + 1)
    lookup = (2 * (np.cumsum(tally) - tally) + tally + 1).astype(np.int32)  # 2 * rows below + run + 1
    for start in range(0, len(values), BLOCK):
        block = values[start : start + BLOCK]
        missing = np.isnan(block)
        doubled = lookup[np.where(missing, 0, block - low).astype(np.int64)]
        doubled[missing] = MISSING
        yield doubled
