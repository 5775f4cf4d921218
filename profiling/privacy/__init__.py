"""Privacy: personal data found per column, its categories, re-identification risk, and redaction."""

from profiling.privacy.classify import PII_TYPES, classify
from profiling.privacy.detect import DetectOptions, detect_column, detect_columns
from profiling.privacy.redact import (
    ACTIONS,
    RedactionPlan,
    default_plan,
    hashed_value,
    masked_value,
    privacy_mode_default,
    redact_frame,
)
from profiling.privacy.report import ColumnFinding, CombinationRisk, PrivacyReport, Reidentification, SmallGroup
from profiling.privacy.risk import reidentification
from profiling.privacy.scan import default_quasi_identifiers, privacy_report
from profiling.privacy.store import (
    PrivacySettings,
    dataset_privacy_report,
    masked_columns,
    privacy_settings,
    sample_note,
    save_privacy_settings,
    save_redacted_copy,
)
from profiling.privacy.views import (
    mask_bias,
    mask_drift,
    mask_expectation,
    mask_frame,
    mask_mapping,
    mask_profile,
    mask_schema,
    mask_validation,
    masked_labels,
    masked_mapping_columns,
    masked_parameters,
)

__all__ = [
    "ACTIONS",
    "PII_TYPES",
    "ColumnFinding",
    "CombinationRisk",
    "DetectOptions",
    "PrivacyReport",
    "PrivacySettings",
    "RedactionPlan",
    "Reidentification",
    "SmallGroup",
    "classify",
    "dataset_privacy_report",
    "default_plan",
    "default_quasi_identifiers",
    "detect_column",
    "detect_columns",
    "hashed_value",
    "mask_bias",
    "mask_drift",
    "mask_expectation",
    "mask_frame",
    "mask_mapping",
    "mask_profile",
    "mask_schema",
    "mask_validation",
    "masked_columns",
    "masked_labels",
    "masked_mapping_columns",
    "masked_parameters",
    "masked_value",
    "privacy_mode_default",
    "privacy_report",
    "privacy_settings",
    "redact_frame",
    "reidentification",
    "sample_note",
    "save_privacy_settings",
    "save_redacted_copy",
]
