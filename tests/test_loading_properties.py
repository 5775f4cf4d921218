"""Property tests of the loaders over random bytes and generated text: load consistently or say why."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiling.errors import ProfilingError
from profiling.loading import Limits, Loaded, load_bytes

NAMES = ["data.csv", "data.tsv", "data.txt", "data.json", "data.jsonl", "data.parquet", "data.xlsx", "data.gz",
         "data.zip", "data"]  # fmt: skip
SMALL = Limits(max_file_bytes=1_000_000, max_uncompressed_bytes=5_000_000, max_columns=2_000)


def _consistent(loaded: Loaded) -> None:
    frame, report = loaded.frame, loaded.report
    assert (report.rows, report.columns) == frame.shape
    assert report.column_names == [str(c) for c in frame.columns]
    assert len(set(report.column_names)) == len(report.column_names)
    assert all(isinstance(c, str) and c for c in frame.columns)
    frame.to_parquet(io.BytesIO(), index=False)  # what the workspace will do with it
    json.loads(report.model_dump_json())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES))
def test_random_bytes_load_or_raise_own_error(data: bytes, name: str) -> None:
    try:
        loaded = load_bytes(data, name, limits=SMALL)
    except ProfilingError as err:
        assert "data" in err.message, err.message  # the message names the file
        return
    _consistent(loaded)


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.dictionaries(
            st.text(min_size=1, max_size=8),
            st.one_of(
                st.none(),
                st.integers(),
                st.text(max_size=12),
                st.floats(allow_nan=False, allow_infinity=False),
                st.booleans(),
            ),
            max_size=5,
        ),  # fmt: skip
        max_size=20,
    ),
    lines=st.booleans(),
)
def test_generated_json_loads_with_the_union_of_keys(rows: list[dict[str, object]], lines: bool) -> None:
    text = "\n".join(json.dumps(r) for r in rows) if lines else json.dumps(rows)
    try:
        loaded = load_bytes(text.encode(), "records.jsonl" if lines else "records.json", limits=SMALL)
    except ProfilingError:
        return
    _consistent(loaded)
    assert loaded.report.rows == len(rows)
