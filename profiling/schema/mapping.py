"""The mapping spec (renames, value recodes, unit factors, missing markers): proposing, reading and applying it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from profiling.errors import ColumnNotFoundError, ProfilingError
from profiling.schema.models import SchemaReport
from profiling.schema.vocabulary import value_key

MAPPING_VERSION = 1
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class MappingError(ProfilingError):
    """A mapping spec that cannot be read or does not fit the datasets."""


class ColumnMapping(BaseModel):
    """One harmonised column: where it comes from in each source and how its values change."""

    model_config = _FROZEN

    target: str = Field(min_length=1, max_length=256)
    columns: dict[str, str | None]  # source -> column (None: the source lacks it; the column is left empty)
    recode: dict[str, dict[str, str]] = Field(default_factory=dict)  # source -> {value: new value}
    scale: dict[str, float] = Field(default_factory=dict)  # source -> multiply by
    missing_values: dict[str, list[str]] = Field(default_factory=dict)  # source -> values that mean missing
    accepted: bool = True


class MappingSpec(BaseModel):
    """How to turn each source into the shared schema; JSON on disk and in downloads."""

    model_config = _FROZEN

    version: int = MAPPING_VERSION
    reference: str
    sources: list[str]
    columns: list[ColumnMapping]
    union: bool = False
    source_column: str = "source"

    def accepted(self) -> list[ColumnMapping]:
        return [c for c in self.columns if c.accepted]


def propose_mapping(report: SchemaReport, *, union: bool = False) -> MappingSpec:
    """A spec from the report: each group renamed to the reference's name, recodes, factors and markers filled in."""
    columns = []
    for group in report.groups:
        recode: dict[str, dict[str, str]] = {}
        scale: dict[str, float] = {}
        missing: dict[str, list[str]] = {}
        for issue in report.issues_of(group.id):
            if issue.type == "vocabulary_mismatch" and issue.value_mapping:
                for source, pairs in issue.value_mapping.items():
                    if group.columns.get(source) == issue.columns.get(source):
                        recode.setdefault(source, {}).update(pairs)
            elif issue.type == "unit_mismatch" and issue.factor:
                scale.update({s: issue.factor for s in issue.sources[1:]})
            elif issue.type == "missing_marker_mismatch" and issue.missing_values:
                for source, values in issue.missing_values.items():
                    if codes := [v for v in values if _is_number(v)]:
                        missing[source] = codes
        columns.append(
            ColumnMapping(
                target=group.name,
                columns=dict(group.columns),
                recode=recode,
                scale=scale,
                missing_values=missing,
                accepted=not group.questioned or group.one_to_one,
            )
        )
    return MappingSpec(reference=report.sources[0], sources=list(report.sources), columns=columns, union=union)


def read_mapping(text: str | bytes, *, origin: str = "the mapping") -> MappingSpec:
    """Parse and validate a mapping spec; every problem names the field to fix."""
    try:
        spec = MappingSpec.model_validate(json.loads(text))
    except json.JSONDecodeError as err:
        raise MappingError(f"{origin} is not JSON: {err.msg} at line {err.lineno}.", "Save the mapping again.") from err
    except ValidationError as err:
        problem = err.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or "(top level)"
        raise MappingError(
            f"{origin}: field {where}: {problem['msg']}.", "Fix that field or propose the mapping again."
        ) from err
    targets = [c.target for c in spec.accepted()]
    if len(set(targets)) != len(targets) or spec.source_column in targets and spec.union:
        raise MappingError(f"{origin}: two accepted columns share a target name.", "Give each target a unique name.")
    return spec


def apply_mapping(spec: MappingSpec, frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The harmonised frame of each source (same columns, same order); with `union`, also one '(union)' frame."""
    missing = [s for s in spec.sources if s not in frames]
    if missing:
        raise MappingError(
            f"The mapping names sources that were not given: {', '.join(missing)}.",
            f"Give these datasets too, or edit 'sources' (given: {', '.join(frames)}).",
        )
    out = {source: harmonise_frame(spec, source, frames[source]) for source in spec.sources}
    _align_dtypes(out)
    if spec.union:
        parts = [frame.assign(**{spec.source_column: source}) for source, frame in out.items()]
        out[union_name(spec)] = pd.concat(parts, ignore_index=True)
    return out


def union_name(spec: MappingSpec) -> str:
    return f"{spec.reference}_union"


def harmonise_frame(spec: MappingSpec, source: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One source's rows renamed, recoded, rescaled and with its markers made missing, before types are aligned.

    Every step works value by value, so record batches of a source give, together, what the whole frame gives;
    only the column types then depend on every row (see `ColumnFacts`).
    """
    data: dict[str, pd.Series] = {}
    for column in spec.accepted():
        name = column.columns.get(source)
        if name is None:
            data[column.target] = pd.Series([None] * len(frame), dtype="object")
            continue
        if name not in frame.columns:
            raise ColumnNotFoundError(
                f"The mapping uses column {name!r} of {source}, which has no such column.",
                f"Columns of {source}: {', '.join(map(str, frame.columns[:30]))}.",
            )
        data[column.target] = _convert(frame[name], column, source)
    return pd.DataFrame(data, index=range(len(frame)))


def _convert(series: pd.Series, column: ColumnMapping, source: str) -> pd.Series:
    series = series.reset_index(drop=True)
    markers = set(column.missing_values.get(source, []))
    recode = column.recode.get(source, {})
    if markers or recode:
        keys = series.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else value_key(v))
        mask = series.notna() & ~keys.isin(markers)
        if recode:
            new = keys.map(lambda k: recode.get(k, k))
            series = new.where(mask, None).astype("object")
        else:
            series = series.where(mask)
    factor = column.scale.get(source)
    if factor is not None:
        series = pd.to_numeric(series, errors="coerce") * factor
    return series


Alignment = Literal["Int64", "float64", "text"] | None


@dataclass(frozen=True)
class ColumnFacts:
    """What aligning the type of one harmonised column needs to know; the facts of record batches merge."""

    dtype: Any  # the pandas dtype of the column
    numbers: bool  # pd.to_numeric reads every non-missing value as a number
    whole: bool  # every number read is whole and below 2**53

    def merge(self, other: ColumnFacts) -> ColumnFacts:
        """The facts of the two parts together (pandas' dtype of the concatenated parts)."""
        return ColumnFacts(
            dtype=_merged_dtype(self.dtype, other.dtype),
            numbers=self.numbers and other.numbers,
            whole=self.whole and other.whole,
        )


def column_facts(series: pd.Series) -> ColumnFacts:
    """The facts of one column (or of one record batch of it)."""
    # Text is read value by value, so its distinct values tell (a few, where every row would be parsed).
    try:
        values = pd.Series(series.dropna().unique(), dtype=object) if series.dtype == object else series
        converted = pd.to_numeric(values, errors="coerce")
    except (TypeError, ValueError):
        return ColumnFacts(dtype=series.dtype, numbers=False, whole=False)
    numbers = converted.dropna().to_numpy(dtype=float)
    whole = bool(np.all(np.mod(numbers, 1) == 0)) and bool(np.all(np.abs(numbers) < 2**53))
    return ColumnFacts(dtype=series.dtype, numbers=bool(converted.notna().sum() == values.notna().sum()), whole=whole)


def alignment(facts: Sequence[ColumnFacts]) -> Alignment:
    """One column's type across sources: numbers ('Int64' when every value is whole, 63.0 and 63 agree, else
    'float64') where every source's values are numbers and one source stores numbers; else text where one source
    stores text; else None (left as it is)."""
    numbers = any(pd.api.types.is_numeric_dtype(f.dtype) and not pd.api.types.is_bool_dtype(f.dtype) for f in facts)
    if numbers and all(f.numbers for f in facts):
        return "Int64" if all(f.whole for f in facts) else "float64"
    if any(f.dtype == object for f in facts):
        return "text"
    return None


def align_column(series: pd.Series, rule: Alignment) -> pd.Series:
    """The column in the type `alignment` chose."""
    if rule == "text":
        text = series.astype("object")
        if pd.api.types.infer_dtype(text, skipna=True) in ("string", "empty"):  # only text: missing becomes None
            return text.where(text.notna(), None)
        return text.map(_as_text)
    if rule is not None:
        return pd.to_numeric(series, errors="coerce").astype(rule)
    return series


def _align_dtypes(frames: dict[str, pd.DataFrame]) -> None:
    """Make one column's type agree across sources (in place)."""
    if not frames:
        return
    for target in next(iter(frames.values())).columns:
        rule = alignment([column_facts(frame[target]) for frame in frames.values()])
        if rule is not None:
            for frame in frames.values():
                frame[target] = align_column(frame[target], rule)


def _merged_dtype(left: Any, right: Any) -> Any:
    if left == right:
        return left
    if all(isinstance(d, np.dtype) and d.kind in "iuf" for d in (left, right)):
        return np.result_type(left, right)  # an int64 part and a float64 part (its markers made missing)
    return np.dtype(object)


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return None if pd.isna(value) else value_key(value)


def _is_number(value: str) -> bool:
    """Sentinel codes are numbers; text markers like '?' were already made missing when loading."""
    try:
        float(value)
    except ValueError:
        return False
    return True
