"""Load speed: Prism's loader against plain pandas.read_csv on the same seeded CSV, as a ratio.

Usage: .venv/bin/python bench/load_speed.py [--rows 1000000] [--cols 20]

Prism reads every cell as text, then decides types, missing markers and quirks itself and
reports them, so it does more than `pd.read_csv`; the ratio says what that costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profiling.loading import load_path  # noqa: E402


def make_csv(path: Path, rows: int, cols: int, seed: int = 0) -> None:
    """A mixed table: floats, ints, categories with a `?` marker, and dates."""
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {}
    for i in range(cols):
        kind = i % 4
        if kind == 0:
            data[f"f{i}"] = rng.normal(100, 15, rows).round(3)
        elif kind == 1:
            data[f"i{i}"] = rng.integers(0, 10_000, rows)
        elif kind == 2:
            values = np.array(["alpha", "beta", "gamma", "delta", "?"])
            data[f"c{i}"] = values[rng.integers(0, len(values), rows)]
        else:
            data[f"d{i}"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 2000, rows), unit="D")
    pd.DataFrame(data).to_csv(path, index=False)


def timed(label: str, func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:8.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        make_csv(path, args.rows, args.cols)
        print(f"{args.rows:,} rows x {args.cols} columns, {path.stat().st_size / 1024**2:,.0f} MiB")
        reference = timed("pandas.read_csv (reference)", lambda: pd.read_csv(path))
        prism = timed("prism load_path", lambda: load_path(path))
        print(f"ratio prism / pandas: {prism / reference:.2f}")


if __name__ == "__main__":
    main()
