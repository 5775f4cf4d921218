"""Label imbalance and bias across sensitive attributes, audited on the dataset before any model exists."""

from profiling.bias.attributes import detect_sensitive
from profiling.bias.audit import audit_frame
from profiling.bias.models import BiasReport, MultiBiasReport
from profiling.bias.multi import audit_frames
from profiling.bias.options import BiasOptions
from profiling.bias.target import suggest_targets

__all__ = [
    "BiasOptions",
    "BiasReport",
    "MultiBiasReport",
    "audit_frame",
    "audit_frames",
    "detect_sensitive",
    "suggest_targets",
]
