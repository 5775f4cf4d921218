"""Bench: Prism's drift against Evidently's DataDriftPreset on the same seeded reference and current tables.

Usage: .venv/bin/python bench/drift_speed.py [--rows 100000 1000000] [--repeat 3] [--skip-evidently]
Needs Evidently (bench only): .venv/bin/pip install -r bench/requirements-bench.txt
Each side runs in its own subprocess on the same Parquet files (separate peak memory); the timed part is
the drift computation only (Prism: Arrow tables in, DriftReport out; Evidently: pandas frames in, report
computed and turned into a dict). "peak" is the process's peak RSS during the drift computation (the
peak mark is reset once the data is loaded, data included); "added" is that peak minus the RSS then. Verdicts are compared on columns where both used the same test.
Targets (from the issue): at least 20x faster than Evidently and under half its memory, same verdicts.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
EVIDENTLY_TESTS = {
    "Wasserstein distance (normed)": "wasserstein",
    "Jensen-Shannon distance": "jensenshannon",
    "K-S p_value": "ks",
    "chi-square p_value": "chisquare",
    "Z-test p_value": "z",
    "PSI": "psi",
}


def build_table(rows: int, *, seed: int, shifted: bool) -> pd.DataFrame:
    """30 columns: an id, 14 floats (some with missing values), 6 small-range ints, 8 text categories, a flag.

    The current table (`shifted`) moves 4 floats, 1 int and 2 categories, and adds missing values to one float.
    """
    import pandas as pd  # imported where used: the Prism child process never needs pandas

    rng = np.random.default_rng(seed)
    shift = 1.0 if shifted else 0.0
    cols: dict[str, object] = {"id": np.arange(rows) + (rows if shifted else 0)}
    for i in range(14):
        x = rng.normal(i, 1 + i % 4, rows) + (0.5 * (1 + i % 4) * shift if i < 4 else 0.0)
        missing = 0.02 * (i % 3) + (0.2 * shift if i == 13 else 0.0)
        x[rng.random(rows) < missing] = np.nan
        cols[f"f{i}"] = x
    for i in range(6):
        high = 3 + 9 * i  # 3 to 48 distinct values
        cols[f"i{i}"] = rng.integers(0, high + (2 if shifted and i == 5 else 0), rows)
    for i in range(8):
        levels = [f"c{i}_{k}" for k in range(3 + 25 * i)]
        p = np.linspace(1, 3, len(levels))
        if shifted and i < 2:
            p = p[::-1]
        cols[f"s{i}"] = rng.choice(levels, rows, p=p / p.sum())
    cols["flag"] = rng.random(rows) < (0.3 + 0.1 * shift)
    return pd.DataFrame(cols)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """Peak RSS since `reset_peak` (VmHWM), so the peak of reading the Parquet files is not counted."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> float:
    """Reset the kernel's peak-RSS mark to the current RSS (Linux: 5 > /proc/self/clear_refs); returns the RSS."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    return rss_mb()


def run_prism(ref_path: str, cur_path: str) -> dict[str, object]:
    from profiling.drift import detect_drift
    from profiling.drift.files import read_parquet

    ref, cur = read_parquet(ref_path), read_parquet(cur_path)  # as the Drift page reads stored datasets (no pandas)
    base = reset_peak()
    start = time.perf_counter()
    report = detect_drift(ref, cur)
    seconds = time.perf_counter() - start
    verdicts = {c.column: [c.test, c.distribution_drifted, c.statistic] for c in report.columns}
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "added_mb": peak_mb() - base,
        "verdicts": verdicts,
        "drift_share": report.drift_share,
    }


def run_evidently(ref_path: str, cur_path: str) -> dict[str, object]:
    os.environ["EVIDENTLY_DISABLE_TELEMETRY"] = "1"
    import pandas as pd
    from evidently.metric_preset import DataDriftPreset
    from evidently.report import Report

    ref, cur = pd.read_parquet(ref_path), pd.read_parquet(cur_path)
    base = reset_peak()
    start = time.perf_counter()
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref, current_data=cur)
    result = report.as_dict()
    seconds = time.perf_counter() - start
    table = next(m["result"] for m in result["metrics"] if "drift_by_columns" in m["result"])
    verdicts = {
        name: [
            EVIDENTLY_TESTS.get(col["stattest_name"], col["stattest_name"]),
            bool(col["drift_detected"]),
            float(col["drift_score"]),
        ]
        for name, col in table["drift_by_columns"].items()
    }
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "added_mb": peak_mb() - base,
        "verdicts": verdicts,
        "drift_share": table["share_of_drifted_columns"],
    }


def child(side: str, ref_path: str, cur_path: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", side, ref_path, cur_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode:
        raise SystemExit(f"{side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(rows: int, folder: Path, *, skip_evidently: bool, repeat: int) -> None:
    """Each tool `repeat` times (alternating, each run a fresh process); medians, with the range of each figure."""
    ref_path, cur_path = folder / f"ref-{rows}.parquet", folder / f"cur-{rows}.parquet"
    build_table(rows, seed=1, shifted=False).to_parquet(ref_path, index=False)
    build_table(rows, seed=2, shifted=True).to_parquet(cur_path, index=False)
    runs: dict[str, list[dict[str, object]]] = {"prism": [], "evidently": []}
    sides = ["prism"] if skip_evidently else ["prism", "evidently"]
    for _ in range(repeat):
        for side in sides:
            runs[side].append(child(side, str(ref_path), str(cur_path)))
    print(f"{rows:,} vs {rows:,} rows x 30 columns, medians of {repeat} runs [min-max]")
    for side in sides:
        print(
            f"  {side:10s} {_median(runs[side], 'seconds', '7.2f')} s, peak {_median(runs[side], 'peak_mb', '5.0f')} MB "
            f"(added {_median(runs[side], 'added_mb', '4.0f')} MB), drift share {runs[side][0]['drift_share']:.2f}"
        )
    if skip_evidently:
        return
    pairs = list(zip(runs["prism"], runs["evidently"], strict=True))
    speed = sorted(float(e["seconds"]) / float(p["seconds"]) for p, e in pairs)  # type: ignore[arg-type]
    memory = sorted(float(p["peak_mb"]) / float(e["peak_mb"]) for p, e in pairs)  # type: ignore[arg-type]
    print(
        f"  Prism is {speed[len(speed) // 2]:.0f}x faster [{speed[0]:.0f}x-{speed[-1]:.0f}x], peak memory "
        f"{memory[len(memory) // 2]:.0%} of Evidently's [{memory[0]:.0%}-{memory[-1]:.0%}]"
    )
    _agreement(runs["prism"][0]["verdicts"], runs["evidently"][0]["verdicts"])  # type: ignore[arg-type]


def _median(runs: list[dict[str, object]], key: str, spec: str) -> str:
    values = sorted(float(run[key]) for run in runs)  # type: ignore[arg-type]
    return f"{values[len(values) // 2]:{spec}} [{values[0]:.4g}-{values[-1]:.4g}]"


def _agreement(prism: dict[str, list], evidently: dict[str, list]) -> None:
    same = [c for c in prism if c in evidently and prism[c][0] == evidently[c][0]]
    agree = [c for c in same if prism[c][1] == evidently[c][1]]
    print(f"  same test on {len(same)} of {len(prism)} Prism columns; same verdict on {len(agree)} of them")
    for column in sorted(set(prism) | set(evidently)):
        p, e = prism.get(column), evidently.get(column)
        if p is None or e is None or p[0] != e[0] or p[1] != e[1]:
            print(f"    {column}: Prism {p}, Evidently {e}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        side, ref_path, cur_path = sys.argv[2:5]
        result = run_prism(ref_path, cur_path) if side == "prism" else run_evidently(ref_path, cur_path)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--skip-evidently", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (medians reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            compare(rows, Path(folder), skip_evidently=args.skip_evidently, repeat=args.repeat)


if __name__ == "__main__":
    main()
