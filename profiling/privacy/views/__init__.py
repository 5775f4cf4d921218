"""Privacy mode applied to what Prism shows and exports, one module per kind of result."""

from profiling.privacy.views.bias import mask_bias
from profiling.privacy.views.core import mask_drift, mask_frame, mask_profile, masked_labels
from profiling.privacy.views.schema import mask_mapping, mask_schema, masked_mapping_columns
from profiling.privacy.views.suites import mask_expectation, mask_validation, masked_parameters

__all__ = [
    "mask_bias",
    "mask_drift",
    "mask_expectation",
    "mask_frame",
    "mask_mapping",
    "mask_profile",
    "mask_schema",
    "mask_validation",
    "masked_labels",
    "masked_mapping_columns",
    "masked_parameters",
]
