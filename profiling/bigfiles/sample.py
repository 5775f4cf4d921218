"""A uniform, reproducible sample of a big file, for the parts of Prism that need pandas."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from profiling.bigfiles.engine import connect, engine_error, literal
from profiling.bigfiles.plan import SAMPLE_ROWS, file_kind


def sample_file(path: Path, *, rows: int = SAMPLE_ROWS, seed: int = 42) -> pd.DataFrame:
    """A uniform reservoir sample of `rows` rows (reproducible by seed): only the sample is ever in memory."""
    path = Path(path)
    con = connect(threads=1)
    try:
        return con.execute(_sample_sql(path, rows=rows, seed=seed)).df()
    except duckdb.Error as err:
        raise engine_error(path.name, err) from err
    finally:
        con.close()


def write_sample(source: Path, target: Path, *, rows: int = SAMPLE_ROWS, seed: int = 42) -> int:
    """Write the sample of `source` as the Parquet file `target`; returns its number of rows."""
    con = connect(threads=1)
    try:
        con.execute(f"COPY ({_sample_sql(source, rows=rows, seed=seed)}) TO {literal(target)} (FORMAT parquet)")
        row = con.execute(f"SELECT count(*) FROM read_parquet({literal(target)})").fetchone()
        return int(row[0]) if row else 0
    except duckdb.Error as err:
        raise engine_error(source.name, err) from err
    finally:
        con.close()


def _sample_sql(path: Path, *, rows: int, seed: int) -> str:
    reader = "read_parquet" if file_kind(path.name) == "parquet" else "read_csv_auto"
    # One thread (see callers): a REPEATABLE reservoir sample is only reproducible single-threaded.
    return f"SELECT * FROM {reader}({literal(path)}) USING SAMPLE reservoir({int(rows)} ROWS) REPEATABLE ({int(seed)})"
