"""Bench: profile a seeded Parquet file larger than memory budgets (default 20M x 20) against DuckDB SUMMARIZE.

Usage: .venv/bin/python bench/bigfile_speed.py [--rows 20000000] [--memory-limit-mb 1024] [--keep PATH]
The file is generated here in row groups (never whole in memory). Each contender runs in its own subprocess,
so each peak RSS is its own. Targets (from the issue): Prism peak RSS under 2 GB and time within 2x of
DuckDB SUMMARIZE on the same file.
"""

from __future__ import annotations

import argparse
import json
import resource
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


def child(kind: str, path: str, memory_limit_mb: int) -> None:
    """Run one contender and print its seconds and peak RSS as JSON."""
    import duckdb

    started = time.perf_counter()
    if kind == "duckdb_summarize":
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{memory_limit_mb}MB'")
        con.execute("SELECT * FROM (SUMMARIZE SELECT * FROM read_parquet(?))", [path]).fetchall()
    else:
        sys.path.insert(0, str(ROOT))
        from profiling.bigfiles import profile_file

        profile = profile_file(Path(path))
        assert profile.dataset.rows > 0
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "seconds": seconds, "peak_rss_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--memory-limit-mb", type=int, default=1024)
    parser.add_argument("--keep", type=Path, help="write the file here and keep it")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.memory_limit_mb)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "big.parquet"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} x 20 in {time.perf_counter() - started:.0f} s: {path.stat().st_size / 1e6:,.0f} MB"
        )
        results = {}
        for kind in ("duckdb_summarize", "prism_profile"):
            command = [
                sys.executable,
                __file__,
                "--child",
                kind,
                str(path),
                "--memory-limit-mb",
                str(args.memory_limit_mb),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            results[kind] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{kind}: {results[kind]['seconds']:.1f} s, peak RSS {results[kind]['peak_rss_mb']:,.0f} MB")
        ratio = results["prism_profile"]["seconds"] / results["duckdb_summarize"]["seconds"]
        peak = results["prism_profile"]["peak_rss_mb"]
        print(f"time ratio {ratio:.2f} (target <= 2.0); Prism peak RSS {peak:,.0f} MB (target < 2048)")


if __name__ == "__main__":
    main()
