"""Bench: Prism's fast profile against DuckDB SUMMARIZE and fg-data-profiling (minimal) on one seeded table.

Usage: .venv/bin/python bench/profile_speed.py [--rows 1000000] [--repeat 3] [--skip-ydata]
Each contender runs in its own subprocess (separate peak memory), reading the same Parquet file;
"added" memory is the peak RSS minus the RSS once imports are done and the frame (if any) is loaded.
With --repeat, every contender runs that many times (interleaved) and the medians are reported.
Targets (from the issue): Prism no slower than DuckDB SUMMARIZE on the same input, at least 15x faster
than fg-data-profiling minimal, and added peak memory under 2x the data's Arrow size; for both the
DataFrame path (profile_frame) and the Parquet path (profile_parquet).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def build_table(rows: int, *, seed: int = 7) -> pd.DataFrame:
    """30 mixed columns: an id, floats with NaN, ints, strings of cardinality 2-5,000, dates, a flag, text."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {"id": pd.array(np.arange(rows), dtype="Int64")}
    for i in range(8):
        x = rng.normal(i * 10, 1 + i, rows)
        x[rng.random(rows) < 0.05 * (i % 3)] = np.nan
        cols[f"f{i}"] = x
    for i in range(6):
        cols[f"i{i}"] = pd.array(rng.integers(-5 * i, 100 * (i + 1), rows), dtype="Int64")
    for card in (2, 5, 12, 50, 300, 1000, 2000, 5000):
        vocab = np.array([f"cat_{card}_{j}" for j in range(card)], dtype=object)
        picked = pd.Series(vocab[rng.zipf(1.5, rows) % card], dtype=object)
        picked[rng.random(rows) < 0.02] = None
        cols[f"s{card}"] = picked
    base = np.datetime64("2015-01-01")
    for i in range(3):
        cols[f"d{i}"] = pd.Series(base + rng.integers(0, 3650 * 86400, rows).astype("timedelta64[s]"))
    cols["flag"] = rng.random(rows) < 0.3
    words = np.array("the quick brown fox jumps over lazy dog data profile".split(), dtype=object)
    w = rng.integers(0, len(words), (rows, 3))
    cols["note"] = pd.Series(
        words[w[:, 0]]
        + " "
        + words[w[:, 1]]
        + " "
        + words[w[:, 2]]
        + " "
        + rng.integers(0, 1000, rows).astype(str).astype(object)
    )
    cols["code"] = pd.Series(rng.integers(0, 10**9, rows).astype(str).astype(object))
    cols["zero"] = np.zeros(rows)
    return pd.DataFrame(cols)


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_bytes() -> int:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries the parent's peak over exec, so a
    child started by a bench that has built a 1M-row frame would report the parent's peak."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_one(task: str, parquet: Path) -> dict[str, float]:
    """Run one contender in this process and return its time and memory figures."""
    os.environ["YDATA_PROFILING_NO_ANALYTICS"] = "1"
    sys.path.insert(0, str(ROOT))
    import duckdb
    from data_profiling import ProfileReport

    from profiling.profile import profile_frame, profile_parquet

    frame = None if task.endswith("_parquet") else pd.read_parquet(parquet)
    baseline = _rss_bytes()
    started = time.perf_counter()
    if task == "prism":
        profile_frame(frame, name="bench")
    elif task == "prism_parquet":
        profile_parquet(parquet, name="bench")
    elif task == "summarize":
        duckdb.execute("SUMMARIZE SELECT * FROM frame").fetchall()
    elif task == "summarize_parquet":
        duckdb.execute(f"SUMMARIZE SELECT * FROM read_parquet('{parquet}')").fetchall()
    elif task == "ydata":
        ProfileReport(frame, minimal=True, progress_bar=False).get_description()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_bytes": _peak_bytes(), "added_bytes": max(0, _peak_bytes() - baseline)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; medians are reported")
    parser.add_argument("--skip-ydata", action="store_true", help="leave out fg-data-profiling (quick iterations)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--parquet", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, Path(args.parquet))))
        return
    import pyarrow as pa

    frame = build_table(args.rows, seed=args.seed)
    arrow_bytes = pa.Table.from_pandas(frame, preserve_index=False).nbytes
    with tempfile.TemporaryDirectory() as tmp:
        parquet = Path(tmp) / "bench.parquet"
        frame.to_parquet(parquet, index=False)
        del frame
        tasks = ["prism", "prism_parquet", "summarize", "summarize_parquet"] + ([] if args.skip_ydata else ["ydata"])
        runs: dict[str, list[dict[str, float]]] = {task: [] for task in tasks}
        for _ in range(args.repeat):
            for task in tasks:
                runs[task].append(_subprocess(task, parquet))
    _report(args.rows, arrow_bytes, runs)


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    failed = [r for r in runs if "stderr" in r]
    if failed:
        return failed[0]
    return {name: statistics.median(r[name] for r in runs) for name in runs[0]}


def _subprocess(task: str, parquet: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", task, "--parquet", str(parquet)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        failed: dict[str, Any] = {"error": 1.0, "seconds": float("nan"), "peak_bytes": 0, "added_bytes": 0}
        return failed | {"stderr": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(rows: int, arrow_bytes: int, runs: dict[str, list[dict[str, float]]]) -> None:
    mib = 1024**2
    results = {task: _median(r) for task, r in runs.items()}
    repeat = max(len(r) for r in runs.values())
    print(f"rows={rows:,} columns=30 arrow_size={arrow_bytes / mib:,.0f} MiB cores={os.cpu_count()} runs={repeat}")
    print(f"{'contender':<18}{'seconds':>9}{'peak MiB':>10}{'added MiB':>11}{'added/arrow':>13}  all runs (s)")
    for task, r in results.items():
        if "stderr" in r:
            print(f"{task:<18} failed: {r['stderr']}")
            continue
        ratio = r["added_bytes"] / arrow_bytes
        every = " ".join(f"{x['seconds']:.2f}" for x in runs[task])
        print(
            f"{task:<18}{r['seconds']:>9.2f}{r['peak_bytes'] / mib:>10,.0f}{r['added_bytes'] / mib:>11,.0f}"
            f"{ratio:>13.2f}  {every}"
        )
    print("targets:")
    for prism, summarize in (("prism", "summarize"), ("prism_parquet", "summarize_parquet")):
        p, s = results.get(prism, {}), results.get(summarize, {})
        if "stderr" in p or "stderr" in s:
            continue
        _check(f"{prism} / {summarize} time", p["seconds"] / s["seconds"], "<=", 1.0, "x")
        _check(f"{prism} added memory / arrow size", p["added_bytes"] / arrow_bytes, "<", 2.0, "x")
        y = results.get("ydata")
        if y is not None and "stderr" not in y:
            _check(f"ydata minimal / {prism} time", y["seconds"] / p["seconds"], ">=", 15.0, "x")


def _check(label: str, value: float, op: str, target: float, unit: str) -> None:
    ok = value <= target if op == "<=" else value < target if op == "<" else value >= target
    print(f"  {label:<42}{value:>7.2f}{unit}  target {op} {target:g}{unit}  {'PASS' if ok else 'MISS'}")


if __name__ == "__main__":
    main()
