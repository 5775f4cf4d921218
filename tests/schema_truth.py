"""Expected column groups of the judged real dataset families, and precision/recall of an alignment."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.schema import SchemaReport, SchemaSource

HEART = (
    "age",
    "sex",
    "cp",
    "trestbps",
    "chol",
    "fbs",
    "restecg",
    "thalach",
    "exang",
    "oldpeak",
    "slope",
    "ca",
    "thal",
    "num",
)
ADULT = (
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
    "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
)  # fmt: skip

# family -> (files under datasets/, column names for headerless files)
FAMILIES: dict[str, tuple[list[str], tuple[str, ...] | None]] = {
    "cps1985": (["cps1985_two_schemas/AER_CPS1985.csv", "cps1985_two_schemas/mosaicData_CPS85.csv"], None),
    "titanic": (["titanic/kaggle_train.csv", "titanic/seaborn_raw_titanic.csv", "titanic/seaborn_titanic.csv"], None),
    "adult": (["adult/adult.data", "adult/adult.test"], ADULT),
    "heart": ([f"heart_disease/processed.{h}.data" for h in ("cleveland", "hungarian", "switzerland", "va")], HEART),
    "nyc_taxi": (
        [
            f"nyc_taxi/tlc_heads/{f}.csv"
            for f in ("yellow_tripdata_2014-01", "yellow_tripdata_2015-01", "green_tripdata_2015-01")
        ],
        None,
    ),
    # Held out: first run after the matcher was written, not tuned on (SOURCES.md documents the renames).
    "penguins": (["penguins/penguins-raw.csv", "penguins/penguins.csv"], None),
}


def _groups(sources: list[str], rows: list[tuple[str | list[str] | None, ...]]) -> list[dict[str, list[str]]]:
    """Rows of cells (one per source; a list when a source holds the variable twice, recoded or split)."""
    out = []
    for row in rows:
        group = {s: ([c] if isinstance(c, str) else list(c)) for s, c in zip(sources, row, strict=True) if c}
        if len(group) >= 2:
            out.append(group)
    return out


# The truth is what SOURCES.md documents: the same variable, possibly renamed and recoded one-to-one,
# or split over two columns (ethnicity = race + hispanic). Derived, lossy columns (deck from cabin,
# who, adult_male, alone) are not the same variable.
TRUTH: dict[str, list[dict[str, list[str]]]] = {
    "cps1985": _groups(
        ["AER_CPS1985", "mosaicData_CPS85"],
        [
            ("rownames", "rownames"),
            ("wage", "wage"),
            ("education", "educ"),
            ("experience", "exper"),
            ("age", "age"),
            ("ethnicity", ["race", "hispanic"]),
            ("region", "south"),
            ("gender", "sex"),
            ("sector", "sector"),
            ("union", "union"),
            ("married", "married"),
        ],
    ),  # fmt: skip
    "titanic": _groups(
        ["kaggle_train", "seaborn_raw_titanic", "seaborn_titanic"],
        [
            ("Survived", "survived", ["survived", "alive"]),
            ("Pclass", "pclass", ["pclass", "class"]),
            ("Name", "name", None),
            ("Sex", "sex", "sex"),
            ("Age", "age", "age"),
            ("SibSp", "sibsp", "sibsp"),
            ("Parch", "parch", "parch"),
            ("Ticket", "ticket", None),
            ("Fare", "fare", "fare"),
            ("Cabin", "cabin", None),
            ("Embarked", "embarked", ["embarked", "embark_town"]),
        ],
    ),  # fmt: skip
    "adult": _groups(["adult.data", "adult.test"], [(c, c) for c in ADULT]),
    "heart": _groups(
        ["processed.cleveland", "processed.hungarian", "processed.switzerland", "processed.va"],
        [(c, c, c, c) for c in HEART],
    ),
    "nyc_taxi": _groups(
        ["yellow_tripdata_2014-01", "yellow_tripdata_2015-01", "green_tripdata_2015-01"],
        [
            ("vendor_id", "VendorID", "VendorID"),
            ("pickup_datetime", "tpep_pickup_datetime", "lpep_pickup_datetime"),
            ("dropoff_datetime", "tpep_dropoff_datetime", "Lpep_dropoff_datetime"),
            ("passenger_count", "passenger_count", "Passenger_count"),
            ("trip_distance", "trip_distance", "Trip_distance"),
            ("pickup_longitude", "pickup_longitude", "Pickup_longitude"),
            ("pickup_latitude", "pickup_latitude", "Pickup_latitude"),
            ("rate_code", "RateCodeID", "RateCodeID"),
            ("store_and_fwd_flag", "store_and_fwd_flag", "Store_and_fwd_flag"),
            ("dropoff_longitude", "dropoff_longitude", "Dropoff_longitude"),
            ("dropoff_latitude", "dropoff_latitude", "Dropoff_latitude"),
            ("payment_type", "payment_type", "Payment_type"),
            ("fare_amount", "fare_amount", "Fare_amount"),
            ("surcharge", "extra", "Extra"),  # TLC renamed the surcharge field 'extra' in 2015
            ("mta_tax", "mta_tax", "MTA_tax"),
            ("tip_amount", "tip_amount", "Tip_amount"),
            ("tolls_amount", "tolls_amount", "Tolls_amount"),
            ("total_amount", "total_amount", "Total_amount"),
            (None, "improvement_surcharge", "improvement_surcharge"),
        ],
    ),
    "penguins": _groups(
        ["penguins-raw", "penguins"],
        [
            ("Species", "species"),
            ("Island", "island"),
            ("Culmen Length (mm)", "bill_length_mm"),
            ("Culmen Depth (mm)", "bill_depth_mm"),
            ("Flipper Length (mm)", "flipper_length_mm"),
            ("Body Mass (g)", "body_mass_g"),
            ("Sex", "sex"),
        ],
    ),  # fmt: skip
}


def source_name(path: str) -> str:
    """File stem, or the file name when two files of a family share a stem (adult.data, adult.test)."""
    return Path(path).name if Path(path).name.startswith("adult.") else Path(path).stem


def load_family(datasets: Path, family: str) -> list[SchemaSource]:
    files, names = FAMILIES[family]
    sources = []
    for path in files:
        loaded = load_path(datasets / path, options=LoadOptions(column_names=names))
        sources.append(SchemaSource(name=source_name(path), frame=loaded.frame, load_warnings=loaded.report.warnings))
    return sources


def pairs_of(groups: list[dict[str, list[str]]]) -> set[frozenset[tuple[str, str]]]:
    """Every cross-source pair of columns said to hold one variable."""
    found = set()
    for group in groups:
        cells = [(s, c) for s, cols in group.items() for c in cols]
        found |= {frozenset((a, b)) for a, b in combinations(cells, 2) if a[0] != b[0]}
    return found


def found_groups(report: SchemaReport) -> list[dict[str, list[str]]]:
    out = []
    for group in report.groups:
        cells = {s: [c] for s, c in group.present().items()}
        for source, columns in group.alternatives.items():
            cells.setdefault(source, []).extend(columns)
        out.append(cells)
    return out


def precision_recall(report: SchemaReport, family: str) -> tuple[float, float]:
    return precision_recall_of(report, TRUTH[family])


def precision_recall_of(report: SchemaReport, truth: list[dict[str, list[str]]]) -> tuple[float, float]:
    """Precision and recall of the report's cross-source column pairs against the expected groups."""
    found, expected = pairs_of(found_groups(report)), pairs_of(truth)
    hits = len(found & expected)
    return (hits / len(found) if found else 1.0, hits / len(expected) if expected else 1.0)


_PROFILED: dict[tuple[str, str], SchemaSource] = {}


def profiled_family(datasets: Path, family: str) -> list[SchemaSource]:
    """The family's sources with their fast profiles, computed once per test session (profiling is the slow part)."""
    out = []
    for source in load_family(datasets, family):
        key = (family, source.name)
        if key not in _PROFILED:
            profile = profile_frame(source.frame, name=source.name, load_warnings=source.load_warnings)
            _PROFILED[key] = SchemaSource(source.name, source.frame, profile, source.load_warnings)
        out.append(_PROFILED[key])
    return out
