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


def postgres_tables(frames: Mapping[str, pd.DataFrame], url: str) -> None:
    """One table per frame in the PostgreSQL database at `url` (its columns made by pandas, rows by COPY)."""
    import psycopg
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql:", "postgresql+psycopg:", 1))
    for name, frame in frames.items():
        frame.head(0).to_sql(name, engine, if_exists="replace", index=False)
    engine.dispose()
    with psycopg.connect(url) as con, con.cursor() as cursor:
        for name, frame in frames.items():
            with cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
                for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
                    copy.write_row(row)
