"""Every real data file loads through load_path with its documented shape and quirks reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiling.loading import Loaded, load_path
from tests.conftest import DATASETS

NOT_DATA = {
    "adult.names",
    "old.adult.names",
    "heart-disease.names",
    "winequality.names",
    "Index",
    "WARNING",
    "README",
    "README.md",
    "Readme.txt",
    "SOURCES.md",
    "SHA256SUMS",
}
HEART = ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca", "thal", "num"]  # fmt: skip

SHAPES = {
    "adult/adult.data": (32_561, 15),
    "adult/adult.test": (16_281, 15),
    "heart_disease/processed.cleveland.data": (303, 14),
    "heart_disease/processed.hungarian.data": (294, 14),
    "heart_disease/processed.switzerland.data": (123, 14),
    "heart_disease/processed.va.data": (200, 14),
    "heart_disease/reprocessed.hungarian.data": (294, 14),
    "wine_quality/winequality-red.csv": (1_599, 12),
    "wine_quality/winequality-white.csv": (4_898, 12),
    "titanic/kaggle_train.csv": (891, 12),
    "titanic/seaborn_raw_titanic.csv": (891, 11),
    "titanic/seaborn_titanic.csv": (891, 15),
    "cps1985_two_schemas/AER_CPS1985.csv": (534, 12),
    "cps1985_two_schemas/mosaicData_CPS85.csv": (534, 12),
    "bike_sharing/hour.csv": (17_379, 17),
    "bike_sharing/day.csv": (731, 16),
    "penguins/penguins-raw.csv": (344, 17),
    "penguins/penguins.csv": (344, 8),
    "nyc_taxi/seaborn_raw_taxis.csv": (6_500, 21),
    "nyc_taxi/seaborn_taxis.csv": (6_433, 14),
    "nyc_taxi/tlc_heads/taxi_zone_lookup.csv": (265, 4),
}


def _data_files() -> list[str]:
    files = sorted(p for p in DATASETS.rglob("*") if p.is_file() and p.name not in NOT_DATA)
    return [str(p.relative_to(DATASETS)) for p in files]


def _warnings(loaded: Loaded, type_: str) -> list[str]:
    return [w.message for w in loaded.report.warnings if w.type == type_]


@pytest.fixture(scope="module")
def cache(datasets: Path) -> dict[str, Loaded]:
    return {}


def _load(datasets: Path, cache: dict[str, Loaded], relative: str) -> Loaded:
    if relative not in cache:
        cache[relative] = load_path(datasets / relative)
    return cache[relative]


@pytest.mark.parametrize("relative", _data_files())
def test_every_data_file_loads_and_writes_parquet(datasets: Path, relative: str, tmp_path: Path) -> None:
    loaded = load_path(datasets / relative)
    frame = loaded.frame
    if relative in SHAPES:
        assert frame.shape == SHAPES[relative]
    assert frame.shape[0] > 0 and frame.shape[1] > 1
    assert loaded.report.rows == frame.shape[0]
    assert all(isinstance(name, str) and name == name.strip() for name in frame.columns)
    frame.to_parquet(tmp_path / "out.parquet")
    assert pd.read_parquet(tmp_path / "out.parquet").shape == frame.shape


def test_adult_train_missing_markers_and_no_leading_space(datasets: Path, cache: dict[str, Loaded]) -> None:
    loaded = _load(datasets, cache, "adult/adult.data")
    frame = loaded.frame
    assert frame.isna().sum()[["column_2", "column_7", "column_14"]].tolist() == [1_836, 1_843, 583]
    assert frame["column_15"].value_counts().to_dict() == {"<=50K": 24_720, ">50K": 7_841}
    assert frame["column_10"].value_counts().to_dict() == {"Male": 21_790, "Female": 10_771}
    assert frame["column_1"].dtype == "int64"
    markers = _warnings(loaded, "missing_markers")
    assert any("column_2" in m and "1,836" in m and "'?'" in m for m in markers)
    assert _warnings(loaded, "leading_spaces") and _warnings(loaded, "no_header")
    assert loaded.report.options.header is False and loaded.report.options.delimiter == ","


def test_adult_test_preamble_skipped_and_labels_intact(datasets: Path, cache: dict[str, Loaded]) -> None:
    loaded = _load(datasets, cache, "adult/adult.test")
    labels = loaded.frame["column_15"].value_counts().to_dict()
    assert labels == {"<=50K.": 12_435, ">50K.": 3_846}
    assert loaded.frame.isna().sum()[["column_2", "column_7", "column_14"]].tolist() == [963, 966, 274]
    (preamble,) = _warnings(loaded, "preamble_skipped")
    assert "line 1" in preamble and "skip_rows=1" in preamble
    assert loaded.report.options.skip_rows == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("cleveland", {"ca": 4, "thal": 2}),
        ("hungarian", {"ca": 291, "thal": 266, "slope": 190, "chol": 23, "fbs": 8}),
        ("switzerland", {"ca": 118, "fbs": 75, "thal": 52, "slope": 17, "oldpeak": 6}),
        ("va", {"ca": 198, "thal": 166, "slope": 102, "trestbps": 56, "oldpeak": 56, "thalach": 53, "exang": 53}),
    ],
)
def test_heart_question_marks_are_missing(datasets: Path, source: str, expected: dict[str, int]) -> None:
    loaded = load_path(datasets / "heart_disease" / f"processed.{source}.data")
    frame = loaded.frame
    frame.columns = HEART
    counts = frame.isna().sum()
    assert {name: int(counts[name]) for name in expected} == expected
    assert frame["ca"].dtype.kind in "if" and frame["num"].dtype.kind in "if"


def test_switzerland_chol_zero_is_reported_constant(datasets: Path) -> None:
    loaded = load_path(datasets / "heart_disease" / "processed.switzerland.data")
    assert any("column_5" in m for m in _warnings(loaded, "constant"))


def test_reprocessed_hungarian_space_separated_with_minus_nine(datasets: Path) -> None:
    loaded = load_path(datasets / "heart_disease" / "reprocessed.hungarian.data")
    assert loaded.report.options.delimiter == " "
    sentinels = {w.column: w.count for w in loaded.report.warnings if w.type == "suspected_missing_code"}
    assert sentinels["column_12"] == 290 and sentinels["column_5"] == 23  # ca and chol use -9 for missing
    assert all("missing_markers" in m and "-9" in m for m in _warnings(loaded, "suspected_missing_code"))
    assert (loaded.frame["column_12"] == -9).sum() == 290  # reported, not converted


@pytest.mark.parametrize("colour", ["red", "white"])
def test_wine_semicolon_quoted_header(datasets: Path, colour: str) -> None:
    loaded = load_path(datasets / "wine_quality" / f"winequality-{colour}.csv")
    assert loaded.report.options.delimiter == ";"
    assert loaded.frame.columns[0] == "fixed acidity" and loaded.frame.columns[-1] == "quality"
    assert loaded.frame["quality"].dtype == "int64" and loaded.frame["alcohol"].dtype == "float64"


def test_titanic_missing_counts_and_booleans(datasets: Path) -> None:
    kaggle = load_path(datasets / "titanic" / "kaggle_train.csv").frame
    assert kaggle[["Age", "Cabin", "Embarked"]].isna().sum().tolist() == [177, 687, 2]
    assert kaggle["Survived"].mean() == pytest.approx(0.384, abs=0.001)
    processed = load_path(datasets / "titanic" / "seaborn_titanic.csv").frame
    assert processed["adult_male"].dtype == bool and processed["deck"].isna().sum() == 688


def test_penguins_na_string_is_missing(datasets: Path) -> None:
    loaded = load_path(datasets / "penguins" / "penguins.csv")
    assert loaded.frame["sex"].isna().sum() == 11
    assert any("'NA'" in m for m in _warnings(loaded, "missing_markers"))
    raw = load_path(datasets / "penguins" / "penguins-raw.csv").frame
    assert set(raw["Sex"].dropna()) == {"MALE", "FEMALE"}


def test_bike_dates_parsed_and_year_split(datasets: Path) -> None:
    frame = load_path(datasets / "bike_sharing" / "hour.csv").frame
    assert str(frame["dteday"].dtype).startswith("datetime64")
    assert frame["yr"].value_counts().to_dict() == {1: 8_734, 0: 8_645}


def test_cps_same_people_two_schemas(datasets: Path) -> None:
    aer = load_path(datasets / "cps1985_two_schemas" / "AER_CPS1985.csv").frame
    mosaic = load_path(datasets / "cps1985_two_schemas" / "mosaicData_CPS85.csv").frame
    assert sorted(aer["wage"]) == sorted(mosaic["wage"])


@pytest.mark.parametrize(
    ("name", "column", "value"),
    [
        ("green_tripdata_2013-08.csv", "Total_amount", 21.25),
        ("yellow_tripdata_2016-07.csv", "total_amount", 9.0),
    ],
)
def test_taxi_extra_empty_fields_keep_columns_aligned(datasets: Path, name: str, column: str, value: float) -> None:
    loaded = load_path(datasets / "nyc_taxi" / "tlc_heads" / name)
    assert loaded.frame[column].iloc[0] == value
    assert loaded.frame["VendorID"].iloc[0] in (1, 2)
    assert _warnings(loaded, "extra_empty_fields")


@pytest.mark.parametrize("year", ["2009", "2010"])
def test_taxi_blank_line_after_header_noted(datasets: Path, year: str) -> None:
    loaded = load_path(datasets / "nyc_taxi" / "tlc_heads" / f"yellow_tripdata_{year}-01.csv")
    assert loaded.frame.shape == (4, 18)
    assert any("line 2" in m for m in _warnings(loaded, "blank_lines"))


def test_taxi_2014_header_spaces_reported(datasets: Path) -> None:
    loaded = load_path(datasets / "nyc_taxi" / "tlc_heads" / "yellow_tripdata_2014-01.csv")
    assert "pickup_datetime" in loaded.frame.columns
    assert _warnings(loaded, "column_name_whitespace")


def test_taxi_zone_lookup_na_strings(datasets: Path) -> None:
    """Zone 'NA' and service_zone 'N/A' (LocationID 264/265) become missing, and the report says so."""
    loaded = load_path(datasets / "nyc_taxi" / "tlc_heads" / "taxi_zone_lookup.csv")
    frame = loaded.frame.set_index("LocationID")
    assert pd.isna(frame.loc[265, "Zone"]) and pd.isna(frame.loc[265, "service_zone"])
    assert {w.column for w in loaded.report.warnings if w.type == "missing_markers"} == {"Zone", "service_zone"}
