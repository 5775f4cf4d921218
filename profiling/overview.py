"""Several datasets side by side: key figures per dataset and missing rates per column."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from pydantic import BaseModel, ConfigDict

from profiling.profile import DatasetProfile

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class DatasetFigures(BaseModel):
    """The key figures of one dataset."""

    model_config = _FROZEN

    name: str
    rows: int
    columns: int
    duplicate_rows: int
    missing_cells_fraction: float
    alerts: int
    quality_score: float


class ColumnMissing(BaseModel):
    """One column's missing share in each dataset (None where the dataset lacks the column)."""

    model_config = _FROZEN

    column: str
    missing_fraction: dict[str, float | None]


class ProfilesOverview(BaseModel):
    """Datasets x key figures, and columns x datasets missing shares."""

    model_config = _FROZEN

    datasets: list[DatasetFigures]
    missing: list[ColumnMissing]

    def datasets_frame(self) -> pd.DataFrame:
        return pd.DataFrame([d.model_dump() for d in self.datasets])

    def missing_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"column": m.column, **m.missing_fraction} for m in self.missing], columns=["column", *self._names()]
        )

    def _names(self) -> list[str]:
        return [d.name for d in self.datasets]


def overview(profiles: Sequence[DatasetProfile]) -> ProfilesOverview:
    """Put the profiles of several datasets side by side (columns matched by exact name)."""
    figures = [
        DatasetFigures(
            name=p.dataset.name,
            rows=p.dataset.rows,
            columns=p.dataset.columns,
            duplicate_rows=p.dataset.duplicate_rows,
            missing_cells_fraction=p.dataset.missing_cells_fraction,
            alerts=len(p.alerts),
            quality_score=p.dataset.quality_score,
        )
        for p in profiles
    ]
    names: list[str] = []
    for profile in profiles:
        names += [c.name for c in profile.columns if c.name not in names]
    by_dataset = [{c.name: c.missing_fraction for c in p.columns} for p in profiles]
    missing = [
        ColumnMissing(
            column=name,
            missing_fraction={p.dataset.name: shares.get(name) for p, shares in zip(profiles, by_dataset, strict=True)},
        )
        for name in names
    ]
    return ProfilesOverview(datasets=figures, missing=missing)
