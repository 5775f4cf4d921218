"""Date and timestamp columns held in memory, profiled from their runs of equal instants with NumPy.

A timestamp is an integer count of ticks (seconds to microseconds, or days for a date): sorted or
counted like an integer column (`numeric.runs_of`), it gives the count, range, distinct count,
entropy, mode, top values and histogram that the SQL plan computes with a GROUP BY over up to a
million distinct instants. The few values shown as text (mode, top values) are cast by the engine
itself, so they read exactly as in the SQL plan; the histogram cuts epoch seconds with the shape
query's arithmetic. Nanosecond columns, time zones other than the session's and instants beyond
float64's exact range stay with the SQL plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from profiling.profile.arrays import fill_float64
from profiling.profile.columns import Levels, bin_plan, shaped
from profiling.profile.models import ColumnProfile
from profiling.profile.numeric import runs_of
from profiling.profile.runs import ColumnSpec, Finite, Runs, histogram_counts, runs_levels, spec_profile
from profiling.profile.stats import key

MICROS = {"s": 1_000_000, "ms": 1_000, "us": 1}
DAY_MICROS = 86_400_000_000
EXACT_MICROS = 2**53  # instants up to about the year 2255: microseconds exact in float64
UTC = ("UTC", "ETC/UTC")


@dataclass(frozen=True)
class TemporalValues:
    """One column as float64 ticks (NaN missing), the Arrow type they are ticks of, and the type the
    engine hands back (what the SQL plan's minimum and maximum are)."""

    ticks: np.ndarray
    arrow_type: pa.DataType
    engine_type: pa.DataType

    @property
    def micros_per_tick(self) -> int:
        return DAY_MICROS if pa.types.is_date32(self.arrow_type) else MICROS[self.arrow_type.unit]


def temporal_values(column: pa.ChunkedArray, engine_type: pa.DataType, *, session_zone: str) -> TemporalValues | None:
    """The column as ticks, or None where the SQL plan must run (see the module's docstring).

    `session_zone` is the engine's time zone: the shape query reads zoned instants as its wall time.
    """
    dtype = column.type
    if pa.types.is_timestamp(dtype):
        zoned = dtype.tz is not None
        if dtype.unit not in MICROS or zoned and (dtype.tz.upper() not in UTC or session_zone.upper() not in UTC):
            return None
        ints = column.cast(pa.int64())
    elif pa.types.is_date32(dtype):
        ints = column.cast(pa.int32())
    else:
        return None
    bounds = pc.min_max(ints)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    scale = DAY_MICROS if pa.types.is_date32(dtype) else MICROS[dtype.unit]
    if low is not None and max(abs(low), abs(high)) * scale >= EXACT_MICROS:
        return None
    ticks = np.empty(len(ints))
    fill_float64(ticks, ints)
    return TemporalValues(ticks=ticks, arrow_type=dtype, engine_type=engine_type)


def profile_temporal(
    values: TemporalValues, spec: ColumnSpec, *, texts: Callable[[pa.Array], list[str]]
) -> tuple[ColumnProfile, Levels]:
    """The profile of a date or timestamp column; `texts` casts a few values to text in the engine."""
    present = ~np.isnan(values.ticks)
    runs, _ = runs_of(values.ticks if present.all() else values.ticks[present], integer=True, ranks=False)
    summary: dict[str, Any] = {key(spec.index, "present"): int(runs.counts.sum())}
    summary[key(spec.index, "min")] = _value(values, runs.held[0]) if len(runs) else None
    summary[key(spec.index, "max")] = _value(values, runs.held[-1]) if len(runs) else None
    levels = runs_levels(spec, runs, lambda ticks: texts(_array(values, ticks)))
    profile = spec_profile(spec, physical="temporal", summary=summary, levels=levels)
    if not profile.count:
        return profile, levels
    low, high = (epoch_seconds(summary[key(spec.index, stat)]) for stat in ("min", "max"))
    plan = bin_plan(spec.index, profile, low=low, high=high, integer=False)
    if plan is None:
        return profile, levels
    # Epoch seconds as the shape query computes them: microseconds since 1970 divided by 1e6.
    micros = runs.held.astype(np.int64)
    micros *= values.micros_per_tick
    seconds = Runs(counts=runs.counts, values=micros / 1e6, singles=runs.singles)
    counts = histogram_counts(Finite.of(seconds), plan)
    return shaped(profile, plan, counts, n=0.0, m2=0.0, m3=0.0, outliers=0, temporal=True), levels


def epoch_seconds(value: Any) -> float:
    """A date or datetime as seconds since 1970 (naive values read as UTC), as the profiler plans bins."""
    return float(pd.Timestamp(value).timestamp())


def _array(values: TemporalValues, ticks: np.ndarray) -> pa.Array:
    """Ticks back as values of the column's own Arrow type."""
    storage = pa.int32() if pa.types.is_date32(values.arrow_type) else pa.int64()
    return pa.array(ticks.astype(np.int64)).cast(storage).cast(values.arrow_type)


def _value(values: TemporalValues, tick: float) -> date | datetime:
    """One tick as the engine returns it (its type, its time zone)."""
    return _array(values, np.array([tick])).cast(values.engine_type)[0].as_py()
