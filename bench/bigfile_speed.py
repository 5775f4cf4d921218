"""Bench: profile a seeded Parquet file larger than memory budgets (default 20M x 20) against DuckDB SUMMARIZE.

Usage: .venv/bin/python bench/bigfile_speed.py [--rows 20000000] [--memory-limit-mb 1024] [--runs 3] [--keep DIR]
The files are generated here in row groups (never whole in memory). Each contender runs in its own subprocess,
so each peak RSS is its own; every contender gets the same DuckDB memory cap. Contenders: DuckDB SUMMARIZE,
Prism's out-of-core profile (profiling.bigfiles.profile_file), and, when it exists, Prism's out-of-core drift
of two such files (profiling.drift.files.compare_files). Targets (from the issue): Prism peak RSS under 2 GB
and time within 2x of DuckDB SUMMARIZE on the same file.
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

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1_000_000


def generate(path: Path, rows: int, seed: int = 20) -> None:
    """20 columns: 8 float, 6 int, 4 categorical text, 1 boolean, 1 timestamp (microseconds, as Spark 4 reads)."""
    rng = np.random.default_rng(seed)
    writer = None
    for start in range(0, rows, CHUNK):
        n = min(CHUNK, rows - start)
        cols: dict[str, pa.Array] = {}
        for i in range(8):
            values = rng.normal(i * 10, 1 + i, n)
            values[rng.random(n) < 0.01 * i] = np.nan
            cols[f"f{i}"] = pa.array(values)
        for i in range(6):
            cols[f"i{i}"] = pa.array(rng.integers(0, 10 ** (i + 1), n))
        for i in range(4):
            levels = np.array([f"level_{j}" for j in range(5 * (i + 1) ** 2)])
            cols[f"c{i}"] = pa.array(levels[rng.integers(0, len(levels), n)])
        cols["flag"] = pa.array(rng.random(n) < 0.3)
        seconds = rng.integers(1_600_000_000, 1_700_000_000, n) * 1_000_000
        cols["ts"] = pa.array(seconds, type=pa.timestamp("us"))
        table = pa.table(cols)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=CHUNK)
    if writer is not None:
        writer.close()


def child(kind: str, paths: list[str], memory_limit_mb: int) -> None:
    """Run one contender and print its seconds and peak RSS as JSON."""
    import duckdb

    started = time.perf_counter()
    if kind == "duckdb_summarize":
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{memory_limit_mb}MB'")
        con.execute("SET enable_progress_bar = false")
        con.execute("SELECT * FROM (SUMMARIZE SELECT * FROM read_parquet(?))", [paths[0]]).fetchall()
    elif kind == "prism_profile":
        sys.path.insert(0, str(ROOT))
        from profiling.bigfiles.profile import profile_file

        profile = profile_file(Path(paths[0]), memory_limit_mb=memory_limit_mb)
        assert profile.dataset.rows > 0
    else:  # prism_drift: the out-of-core comparison of two files (profiling/drift/files.py)
        sys.path.insert(0, str(ROOT))
        from profiling.drift.files import compare_files

        report = compare_files(Path(paths[0]), Path(paths[1]), memory_limit_mb=memory_limit_mb)
        assert report.columns
    seconds = time.perf_counter() - started
    print(json.dumps({"kind": kind, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's peak over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    """The 1-minute load average (2 cores here: above 2, other work is competing for them)."""
    return f"{os.getloadavg()[0]:.1f}"


def drift_available() -> bool:
    """Whether the out-of-core drift entry (another part of Prism) exists in this checkout."""
    sys.path.insert(0, str(ROOT))
    try:
        from profiling.drift.files import compare_files  # noqa: F401
    except ImportError:
        return False
    return True


def run_child(kind: str, paths: list[Path], memory_limit_mb: int) -> dict[str, float] | str:
    """The child's figures, or the last line of its error when it failed."""
    command = [sys.executable, __file__, "--memory-limit-mb", str(memory_limit_mb), "--child", kind]
    done = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True)
    if done.returncode:
        lines = done.stderr.strip().splitlines()
        return next((line for line in reversed(lines) if "Error" in line or "Exception" in line), lines[-1])[:300]
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe_plan(path: Path, memory_limit_mb: int) -> None:
    """How Prism's profile splits the work on this file (numeric columns in NumPy, how many at once)."""
    sys.path.insert(0, str(ROOT))
    from profiling.bigfiles.numeric import WORKING_BYTES_PER_ROW, numeric_workers

    rows = pq.ParquetFile(path).metadata.num_rows
    workers = numeric_workers(rows, budget_bytes=memory_limit_mb * 1024**2)
    where = f"in NumPy, {workers} at once" if workers else "by the SQL plan (one column does not fit the budget)"
    print(
        f"profile plan: numeric columns {where} ({WORKING_BYTES_PER_ROW} bytes a row each: "
        f"{rows * WORKING_BYTES_PER_ROW / 1e6:,.0f} MB; budget {memory_limit_mb:,} MB); machine has "
        f"{os.cpu_count()} cores, load average {load_average()} before the runs"
    )


def ensure(path: Path, rows: int, seed: int) -> Path:
    """Generate the file unless it is already there with the right number of rows."""
    if path.exists() and pq.ParquetFile(path).metadata.num_rows == rows:
        print(f"reusing {path} ({path.stat().st_size / 1e6:,.0f} MB)")
        return path
    started = time.perf_counter()
    generate(path, rows, seed=seed)
    print(f"generated {rows:,} x 20 in {time.perf_counter() - started:.0f} s: {path.stat().st_size / 1e6:,.0f} MB")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--memory-limit-mb", type=int, default=1024, help="DuckDB cap for every contender")
    parser.add_argument("--runs", type=int, default=3, help="runs of each contender (medians are reported)")
    parser.add_argument("--keep", type=Path, help="folder for the generated files, kept and reused")
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:], args.memory_limit_mb)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        reference = ensure(folder / f"reference-{args.rows}.parquet", args.rows, seed=20)
        kinds = {"duckdb_summarize": [reference], "prism_profile": [reference]}
        if drift_available():
            kinds["prism_drift"] = [reference, ensure(folder / f"current-{args.rows}.parquet", args.rows, seed=21)]
        else:
            print("prism_drift: not measured (profiling/drift/files.py compare_files is not in this checkout)")
        describe_plan(reference, args.memory_limit_mb)
        runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
        for number in range(args.runs):  # contenders interleaved, so a busy moment hits all of them
            for kind, paths in kinds.items():
                got = run_child(kind, paths, args.memory_limit_mb)
                if isinstance(got, str):
                    print(f"run {number + 1} {kind}: FAILED: {got}")
                    continue
                runs[kind].append(got)
                print(
                    f"run {number + 1} {kind}: {got['seconds']:.1f} s, peak RSS {got['peak_rss_mb']:,.0f} MB "
                    f"(load average {load_average()})"
                )
        median = {
            kind: {m: statistics.median(r[m] for r in results) for m in ("seconds", "peak_rss_mb")}
            for kind, results in runs.items()
            if results
        }
        for kind, m in median.items():
            print(f"median of {len(runs[kind])} {kind}: {m['seconds']:.1f} s, peak RSS {m['peak_rss_mb']:,.0f} MB")
        if "prism_profile" not in median or "duckdb_summarize" not in median:
            return
        ratio = median["prism_profile"]["seconds"] / median["duckdb_summarize"]["seconds"]
        peak = median["prism_profile"]["peak_rss_mb"]
        print(f"profile: time ratio {ratio:.2f} (target <= 2.0); peak RSS {peak:,.0f} MB (target < 2048)")
        if "prism_drift" in median:
            drift = median["prism_drift"]
            print(
                f"drift of two {args.rows:,}-row files: {drift['seconds']:.1f} s "
                f"({drift['seconds'] / median['duckdb_summarize']['seconds']:.2f}x one SUMMARIZE); "
                f"peak RSS {drift['peak_rss_mb']:,.0f} MB (target < 2048)"
            )


if __name__ == "__main__":
    main()
