"""Database files made from DataFrames for the tests: one table per frame, and the file's URL."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd


def sqlite_file(frames: Mapping[str, pd.DataFrame], path: Path) -> str:
    """An SQLite file with one table per frame (pandas' `to_sql`); its URL."""
    with sqlite3.connect(path) as con:
        for name, frame in frames.items():
            frame.to_sql(name, con, index=False)
    return f"sqlite:///{path}"


def duckdb_file(frames: Mapping[str, pd.DataFrame], path: Path) -> str:
    """A DuckDB file with one table per frame, created from the frame as DuckDB reads it; its URL."""
    con = duckdb.connect(str(path))
    for name, frame in frames.items():
        con.register("incoming", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
        con.unregister("incoming")
    con.close()
    return f"duckdb:///{path}"
