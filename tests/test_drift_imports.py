"""The drift path over Arrow loads only what it needs: no pandas, no SciPy for big samples (memory, issue #6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from profiling.drift import detect_drift
from profiling.drift.files import read_parquet

reference = read_parquet(sys.argv[1])
report = detect_drift(reference, reference.slice(1000))
assert report.column("x").test == "wasserstein" and report.column("x").reference_count == 5000 - 715
print(sorted(m for m in ("pandas", "scipy") if m in sys.modules))
"""


def test_detect_drift_over_parquet_imports_neither_pandas_nor_scipy(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, 5000)
    x[::7] = np.nan  # 715 missing
    table = pa.table({"x": x, "n": rng.integers(0, 9, 5000), "c": rng.choice(["a", "b"], 5000)})
    pq.write_table(table, tmp_path / "t.parquet")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "t.parquet")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_scipy_free_statistics_match_scipy() -> None:
    from scipy import stats
    from scipy.spatial import distance

    from profiling.drift.stattests.jensenshannon import js_distance
    from profiling.drift.stattests.ztest import proportions_z

    p, q = np.array([0.5, 0.3, 0.2, 0.0]), np.array([0.1, 0.3, 0.4, 0.2])
    assert js_distance(p, q) == pytest.approx(distance.jensenshannon(p, q), rel=1e-12)
    assert js_distance(p, p) == 0.0
    z = proportions_z(40, 100, 55, 100)
    assert z.p_value == pytest.approx(2 * stats.norm.sf(abs(z.statistic)), rel=1e-12)
