"""The fast full-data profile: per-dataset and per-column statistics, correlations and alerts."""

from profiling.profile.cache import cached_profile
from profiling.profile.models import Alert, ColumnProfile, Correlations, DatasetProfile, DatasetSummary
from profiling.profile.profiler import profile_frame, profile_parquet

__all__ = [
    "Alert",
    "ColumnProfile",
    "Correlations",
    "DatasetProfile",
    "DatasetSummary",
    "cached_profile",
    "profile_frame",
    "profile_parquet",
]
