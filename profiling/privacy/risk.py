"""Re-identification risk over chosen quasi-identifiers: k-anonymity, unique records, the riskiest combinations."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from profiling.errors import ColumnNotFoundError
from profiling.privacy.report import CombinationRisk, Reidentification, SmallGroup

MAX_COMBINATION = 3  # combinations of up to this many quasi-identifiers are ranked
MAX_COMBINATIONS = 400


def reidentification(
    frame: pd.DataFrame,
    quasi_identifiers: Sequence[str],
    *,
    k_threshold: int = 5,
    top: int = 10,
) -> Reidentification:
    """k (the smallest group sharing all quasi-identifier values), the unique share, and what drives them."""
    chosen = list(dict.fromkeys(quasi_identifiers))
    missing = [c for c in chosen if c not in frame.columns]
    if missing:
        raise ColumnNotFoundError(
            f"Quasi-identifier column(s) not in the data: {', '.join(map(repr, missing))}.",
            f"Choose among: {', '.join(map(str, frame.columns[:30]))}.",
        )
    records = len(frame)
    if not chosen or records == 0:
        return Reidentification(
            quasi_identifiers=chosen, records=records, k=None, unique_fraction=None,
            k_threshold=k_threshold, at_risk_fraction=None, groups=0,
        )  # fmt: skip
    codes = {c: _codes(frame[c]) for c in chosen}
    keys = _group_keys([codes[c] for c in chosen])
    sizes = np.bincount(keys)
    per_record = sizes[keys]
    return Reidentification(
        quasi_identifiers=chosen,
        records=records,
        k=int(sizes.min()),
        unique_fraction=float((per_record == 1).mean()),
        k_threshold=k_threshold,
        at_risk_fraction=float((per_record < k_threshold).mean()),
        groups=len(sizes),
        riskiest=riskiest_combinations(codes, top=top),
        smallest_groups=_smallest_groups(frame[chosen], keys, sizes, top=top),
    )


def riskiest_combinations(codes: dict[str, np.ndarray], *, top: int = 10) -> list[CombinationRisk]:
    """Combinations of up to MAX_COMBINATION quasi-identifiers ranked by how many records they make unique.

    At equal unique share, fewer columns rank first: they are easier for an attacker to know.
    """
    names = list(codes)
    found: list[CombinationRisk] = []
    for size in range(1, min(MAX_COMBINATION, len(names)) + 1):
        for combo in combinations(names, size):
            if len(found) >= MAX_COMBINATIONS:
                break
            sizes = np.bincount(_group_keys([codes[c] for c in combo]))
            unique = float((sizes == 1).sum()) / float(sizes.sum())
            found.append(
                CombinationRisk(columns=list(combo), k=int(sizes.min()), unique_fraction=unique, groups=len(sizes))
            )
    found.sort(key=lambda r: (-r.unique_fraction, r.k, len(r.columns)))
    return found[:top]


def _codes(series: pd.Series) -> np.ndarray:
    """Integer codes of a column's values; missing values form one group of their own."""
    codes, _ = pd.factorize(series, use_na_sentinel=False)
    return codes.astype(np.int64)


def _group_keys(columns: list[np.ndarray]) -> np.ndarray:
    """One dense integer per distinct combination of values (mixed radix, re-compressed at each step)."""
    keys = columns[0]
    for codes in columns[1:]:
        combined = keys * (int(codes.max()) + 1) + codes
        _, keys = np.unique(combined, return_inverse=True)
    _, dense = np.unique(keys, return_inverse=True)
    return dense.reshape(-1).astype(np.int64)


def _smallest_groups(frame: pd.DataFrame, keys: np.ndarray, sizes: np.ndarray, *, top: int) -> list[SmallGroup]:
    order = np.argsort(sizes, kind="stable")[:top]
    first_row = pd.Series(np.arange(len(keys))).groupby(keys).first()
    groups = []
    for key in order:
        row = frame.iloc[int(first_row[key])]
        values = {str(c): (None if pd.isna(v) else str(v)) for c, v in row.items()}
        groups.append(SmallGroup(values=values, size=int(sizes[key])))
    return groups
