"""Databases as data sources: SQLite and DuckDB files and PostgreSQL servers, read-only, behind allow-lists."""

from profiling.databases.catalog import TableInfo, list_tables, preview, read_rows, select
from profiling.databases.connect import Connection, connect
from profiling.databases.profile import engine_note, profile_table
from profiling.databases.urls import DatabaseRef, is_database_url, parse_url

__all__ = [
    "Connection",
    "DatabaseRef",
    "TableInfo",
    "connect",
    "engine_note",
    "is_database_url",
    "list_tables",
    "parse_url",
    "preview",
    "profile_table",
    "read_rows",
    "select",
]
