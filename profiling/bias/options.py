"""The choices behind a bias audit: target, outcome, attributes, reference groups and thresholds."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from profiling.bias.models import ReferenceRule
from profiling.errors import ProfilingError

DEFAULT_AGE_BINS: tuple[float, ...] = (25, 35, 45, 55, 65)


def parse_edges(text: str) -> tuple[float, ...]:
    """'25, 35, 45' -> (25.0, 35.0, 45.0); a clear error names what is not a number."""
    try:
        return tuple(float(part) for part in text.replace(";", ",").split(",") if part.strip())
    except ValueError as err:
        raise ProfilingError(
            f"Bin edges {text!r} must be numbers separated by commas.", "For example 25,35,45,55,65."
        ) from err


class BiasOptions(BaseModel):
    """Everything a user can choose; every default is stated in the report's `settings`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str
    positive: str | None = None  # a class value, or a comparison such as ">0" for a numeric target
    sensitive: tuple[str, ...] | None = None  # None: detected from names and values
    age_bins: tuple[float, ...] = DEFAULT_AGE_BINS
    min_group_size: int = Field(default=30, ge=1)
    reference: ReferenceRule = "largest"
    reference_groups: dict[str, str] = Field(default_factory=dict)  # attribute -> group, overrides the rule
    alpha: float = Field(default=0.05, gt=0, lt=1)
    four_fifths: float = Field(default=0.8, gt=0, lt=1)
    proxy_threshold: float = Field(default=0.4, gt=0, le=1)
    max_groups: int = Field(default=20, ge=2)
    rare_share: float = Field(default=0.05, ge=0, lt=1)
    intersection_attributes: int = Field(default=4, ge=0)  # pairs among the first N attributes
    expected_shares: dict[str, dict[str, float]] = Field(default_factory=dict)  # attribute -> group -> share

    @field_validator("age_bins")
    @classmethod
    def _increasing(cls, bins: tuple[float, ...]) -> tuple[float, ...]:
        if any(b >= c for b, c in zip(bins, bins[1:], strict=False)):
            raise ValueError("age bin edges must increase, e.g. 25,35,45,55,65")
        return bins
