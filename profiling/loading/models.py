"""Typed inputs and outputs of loading: options, limits, warnings and the load report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MISSING_MARKERS: tuple[str, ...] = (
    "",
    "?",
    "NA",
    "N/A",
    "n/a",
    "na",
    "NaN",
    "nan",
    "null",
    "NULL",
    "Null",
    "None",
    "none",
    "-",
    "#N/A",
)

FileFormat = Literal["csv", "json", "jsonl", "parquet", "xlsx"]


class LoadOptions(BaseModel):
    """What the user asked for; `None` means "detect it" and the report says what was found."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    delimiter: str | None = None
    header: bool | None = None
    column_names: tuple[str, ...] | None = None
    skip_rows: int | None = Field(default=None, ge=0)
    missing_markers: tuple[str, ...] | None = None
    encoding: str | None = None
    sheet: str | None = None
    member: str | None = None  # which file inside a zip archive


class Limits(BaseModel):
    """Safety limits; each is configurable and each has its own clear message."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = 2 * 1024**3
    max_uncompressed_bytes: int = 4 * 1024**3
    # A decompression bomb is stopped once its output passes `ratio_check_after_bytes` while the
    # ratio of output to input is above `max_compression_ratio` (real CSVs compress 5-50x).
    max_compression_ratio: float = 200.0
    ratio_check_after_bytes: int = 16 * 1024**2
    max_columns: int = 20_000
    many_columns_warning: int = 1_000
    max_cell_chars: int = 100_000
    max_column_name_chars: int = 256
    max_json_depth: int = 64


class LoadWarning(BaseModel):
    """One change made to the data, or one thing the user should know about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    message: str
    column: str | None = None
    count: int | None = None


class LoadReport(BaseModel):
    """What a load did: the options in force (detected ones filled in), shape and warnings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    source: str
    format: FileFormat
    compression: str | None = None
    encoding: str | None = None
    options: LoadOptions
    rows: int
    columns: int
    column_names: list[str]
    dtypes: dict[str, str]
    sheets: list[str] = Field(default_factory=list)
    warnings: list[LoadWarning] = Field(default_factory=list)

    @classmethod
    def derived(cls, frame: pd.DataFrame, *, name: str, source: str, warnings: list[LoadWarning]) -> LoadReport:
        """The report of a table Prism made from stored data (a redacted or harmonised copy), not read from a file."""
        return cls(
            name=name,
            source=source,
            format="parquet",
            options=LoadOptions(),
            rows=len(frame),
            columns=frame.shape[1],
            column_names=[str(c) for c in frame.columns],
            dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
            warnings=warnings,
        )


@dataclass
class Loaded:
    """A loaded table and its report. The frame is kept out of the (serialisable) report."""

    frame: pd.DataFrame
    report: LoadReport


@dataclass
class Notes:
    """Collects warnings while a load runs, in the order they happen."""

    items: list[LoadWarning] = field(default_factory=list)

    def warn(self, type: str, message: str, *, column: str | None = None, count: int | None = None) -> None:
        self.items.append(LoadWarning(type=type, message=message, column=column, count=count))
