"""Fast profile invariants on generated frames (hypothesis)."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiling.profile import DatasetProfile, profile_frame

_floats = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=64))
_texts = st.one_of(st.none(), st.sampled_from(["a", "A", "b ", "c", "", "1", "ü"]))


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 30))
    return pd.DataFrame(
        {
            "x": pd.Series(draw(st.lists(_floats, min_size=rows, max_size=rows)), dtype="float64"),
            "n": pd.array(
                draw(st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=rows, max_size=rows)), dtype="Int64"
            ),
            "s": pd.Series(draw(st.lists(_texts, min_size=rows, max_size=rows)), dtype="object"),
            "b": pd.array(
                draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=rows, max_size=rows)), dtype="boolean"
            ),
        }
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_invariants(frame: pd.DataFrame) -> None:
    profile = profile_frame(frame, name="generated")
    for col in profile.columns:
        assert col.count + col.missing_count == len(frame)
        assert 0 <= col.distinct_count <= col.count
        assert col.imbalance is None or 0.0 <= col.imbalance <= 1.0
        q = col.quantiles
        if q is not None:
            assert q.p05 <= q.p25 <= q.p50 <= q.p75 <= q.p95
            assert col.min is not None and col.max is not None and col.min <= q.p05 and q.p95 <= col.max
        if col.histogram:
            assert sum(b.count for b in col.histogram) == col.count - (col.infinite_count or 0)
    assert 0 <= profile.dataset.duplicate_rows < max(len(frame), 1)
    dumped = profile.model_dump(mode="json")
    json.dumps(dumped, allow_nan=False)
    assert DatasetProfile.model_validate_json(profile.model_dump_json()) == profile
    assert all(-1.0 <= p.value <= 1.0 for p in profile.correlations.pearson + profile.correlations.spearman)


# Values on the 20 bin edges of [0, scale] (k/20 * scale), where rounding decides the bin.
_steps = st.lists(st.integers(0, 20), min_size=1).map(lambda ks: [0.0, 1.0, *(k / 20 for k in ks)])
_scales = st.sampled_from([0.1, 0.3, 3.0, 7.0, 1e-3, 1e9])


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.tuples(_steps.map(lambda ks: [float(k) for k in ks]), _scales),
        st.tuples(
            st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), min_size=2),
            st.just(1.0),
        ),
    ),
    st.booleans(),
)
def test_numpy_histogram_cuts_every_row_as_the_shape_query(drawn: tuple[list[float], float], integer: bool) -> None:
    """The NumPy path finds bin cuts by searching the sorted values; each row must land in the bin the
    shape query's arithmetic gives it: min(floor((x - start) / width), bins - 1)."""
    import numpy as np

    from profiling.profile.columns import bin_plan
    from profiling.profile.numeric import ColumnSpec, profile_numeric

    values, scale = drawn
    x = np.round(values) if integer else np.array(values) * scale
    spec = ColumnSpec(name="x", index=0, dtype="int64" if integer else "float64", rows=len(x), integer=integer)
    profile = profile_numeric(x, spec, ranks=False).profile
    assert profile.min is not None and profile.max is not None
    plan = bin_plan(0, profile, low=profile.min, high=profile.max, integer=integer)
    if plan is None or profile.kind == "boolean":  # one value only, or 0/1 (no histogram)
        return
    assert plan.fence_low is not None and plan.fence_high is not None
    by_row = np.minimum(np.floor((x - plan.start) / plan.width), plan.bins - 1).astype(np.int64)
    assert [b.count for b in profile.histogram] == np.bincount(by_row, minlength=plan.bins).tolist()
    assert profile.outliers_count == int(((x < plan.fence_low) | (x > plan.fence_high)).sum())
