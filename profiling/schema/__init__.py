"""Schema dispersion between sources: align columns, flag every disagreement, propose and apply a mapping."""

from __future__ import annotations

import time
from collections.abc import Sequence

from profiling.errors import ProfilingError
from profiling.schema.align import align
from profiling.schema.issues import find_issues
from profiling.schema.models import ColumnGroup, ColumnSummary, Evidence, SchemaIssue, SchemaReport
from profiling.schema.summary import SchemaSource, summarise
from profiling.workspace import DatasetMeta

__all__ = [
    "ColumnGroup",
    "ColumnSummary",
    "Evidence",
    "SchemaIssue",
    "SchemaReport",
    "SchemaSource",
    "compare_schemas",
    "sample_note",
]


def compare_schemas(sources: Sequence[SchemaSource]) -> SchemaReport:
    """Align the columns of 2..N sources into groups and list every disagreement between them."""
    names = [s.name for s in sources]
    if len(sources) < 2:
        raise ProfilingError(
            f"Schema comparison needs at least two datasets; got {len(sources)}.", "Pick two or more datasets."
        )
    if len(set(names)) != len(names):
        raise ProfilingError(
            f"Two datasets have the same name ({', '.join(names)}); sources are told apart by name.",
            "Rename one of them first.",
        )
    started = time.perf_counter()
    contents = {s.name: summarise(s) for s in sources}
    groups = align(names, contents)
    by_key = {(c.summary.source, c.summary.column): c for items in contents.values() for c in items}
    issues = find_issues(groups, by_key)
    unmatched = {
        s: [g.columns[s] for g in groups if len(g.present()) == 1 and not g.alternatives and g.columns[s]]
        for s in names
    }
    return SchemaReport(
        sources=names,
        groups=groups,
        unmatched={s: [c for c in cols if c] for s, cols in unmatched.items()},
        issues=issues,
        summaries=[c.summary for items in contents.values() for c in items],
        seconds=round(time.perf_counter() - started, 3),
    )


def sample_note(metas: Sequence[DatasetMeta]) -> str | None:
    """Which rows a comparison of stored datasets ran on, when datasets kept out of core gave their samples (else
    None)."""
    sampled = [
        f"a uniform sample of {m.sample_rows or 0:,} of {m.rows:,} rows of {m.name!r}" for m in metas if m.out_of_core
    ]
    if not sampled:
        return None
    return (
        f"Computed on {'; '.join(sampled)} (kept out of core): their rows, missing counts, quantiles and value "
        "shares are the sample's; their column kinds and histograms come from their profile over every row."
    )
