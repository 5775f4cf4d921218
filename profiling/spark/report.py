"""The full fg-data-profiling report of a Spark source, made on a stated uniform sample drawn by Spark."""

from __future__ import annotations

from profiling.spark.source import DEFAULT_SAMPLE_ROWS, SparkSource, draw_sample
from profiling.ydata_report import Progress, ReportResult, ReportSettings, build_report


def report_spark(
    source: SparkSource,
    *,
    rows: int = DEFAULT_SAMPLE_ROWS,
    seed: int = 0,
    settings: ReportSettings | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """Sample `rows` rows uniformly with Spark, then build the report in pandas (the report library's own
    Spark mode is slower here and drops features); the sample size is in the title and the notes."""
    if progress is not None:
        progress(f"Drawing a uniform sample of {rows:,} rows with Spark", 0.0)
    drawn = draw_sample(source, rows=rows, seed=seed)
    used = len(drawn.frame)
    title = f"{source.name} - Spark sample of {used:,} of {drawn.total:,} rows"
    if used >= drawn.total:
        title = f"{source.name} - all {drawn.total:,} rows, read by Spark"
    settings = (settings or ReportSettings()).model_copy(update={"max_rows": max(used, 1), "seed": seed})
    result = build_report(drawn.frame, title=title, settings=settings, progress=progress)
    return result.model_copy(update={"rows_total": drawn.total, "notes": [drawn.statement, *result.notes]})
