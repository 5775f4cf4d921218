"""The corpus' compare/ files: what a single load cannot say, the drift analysis says (type, categories, columns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling.drift import detect_drift
from profiling.errors import ProfilingError
from profiling.loading import load_path


def _drift(corpus: Path, current: str):  # type: ignore[no-untyped-def]
    reference = load_path(corpus / "compare" / "train.csv").frame
    return detect_drift(reference, load_path(corpus / "compare" / current).frame, current_name=current)


def test_prod_drift_type_change_new_category_single_group(bad_inputs: Path) -> None:
    report = _drift(bad_inputs, "prod_drift.csv")
    changes = {(c.type, c.column) for c in report.schema_changes}
    assert ("type_changed", "age") in changes  # 20 -> 20.0: int64 -> double
    assert ("new_categories", "segment") in changes
    assert ("kind_changed", "gender") in changes  # one group left: constant
    assert report.dataset_drift


def test_prod_missing_column_names_gender(bad_inputs: Path) -> None:
    report = _drift(bad_inputs, "prod_missing_column.csv")
    assert ("column_missing", "gender") in {(c.type, c.column) for c in report.schema_changes}


def test_empty_production_data_is_a_clear_error(bad_inputs: Path) -> None:
    with pytest.raises(ProfilingError, match="prod_empty.csv"):
        _drift(bad_inputs, "prod_empty.csv")


def test_nfc_and_nfd_names_align_after_load(bad_inputs: Path) -> None:
    train = load_path(bad_inputs / "compare" / "train_nfc.csv").frame
    prod = load_path(bad_inputs / "compare" / "prod_nfd.csv").frame
    assert list(train.columns) == list(prod.columns)  # the loader normalised the look-alike names
    assert not [c for c in detect_drift(train, prod).schema_changes if c.type in ("column_missing", "column_new")]
