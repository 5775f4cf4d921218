"""Profile page rerun on a cached profile: first run (profile computed) against later reruns (cached).

Usage: .venv/bin/python bench/page_rerun.py [--rows 1000000] [--reruns 7]

The dataset is the seeded mixed table of bench/profile_speed.py, stored in a temporary
workspace; the page runs under Streamlit's AppTest. Target: a rerun under 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.profile_speed import build_table  # noqa: E402
from profiling.loading import load_path  # noqa: E402
from profiling.workspace import Workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reruns", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "bench.parquet"
        build_table(args.rows).to_parquet(source, index=False)
        workspace = Workspace(root / "workspace")
        (workspace.root / ".examples-seeded").write_text("no examples in the bench\n")
        meta = workspace.add(load_path(source), origin="bench")
        os.environ["PRISM_WORKSPACE"] = str(workspace.root)
        from streamlit.testing.v1 import AppTest

        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.run()
        app.switch_page("pages/profile.py")
        start = time.perf_counter()
        app.run()
        first = time.perf_counter() - start
        assert not app.exception, [e.value for e in app.exception]
        reruns = []
        for _ in range(args.reruns):
            start = time.perf_counter()
            app.run()
            reruns.append(time.perf_counter() - start)
        median = statistics.median(reruns)
        print(f"{meta.rows:,} rows x {meta.columns} columns")
        print(f"first run (profile computed on every row): {first:8.2f} s")
        print(f"rerun on the cached profile (median of {args.reruns}): {median:8.3f} s")
        print(f"ratio rerun / first run: {median / first:.4f}")
        print(f"target rerun < 0.3 s: {'PASS' if median < 0.3 else 'MISS'}")


if __name__ == "__main__":
    main()
