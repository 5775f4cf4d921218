"""Parallel writers of one suite name: readers never see a partial file; the rule is explicit (refuse or replace)."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest

from profiling.errors import ProfilingError
from profiling.expectations.importing import parse_suite
from profiling.expectations.models import ExpectationSpec, SuiteDocument
from profiling.expectations.store import SuiteStore

SAVES = 25


def _suite(writer: int, round_: int) -> SuiteDocument:
    # A few hundred expectations so that a non-atomic write would be caught half-way.
    specs = [
        ExpectationSpec(type="expect_column_to_exist", kwargs={"column": f"w{writer}_r{round_}_c{i}"})
        for i in range(300)
    ]
    return SuiteDocument(name="orders", expectations=specs)


def _writer(args: tuple[str, int]) -> int:
    project, writer = args
    store = SuiteStore(Path(project))
    for round_ in range(SAVES):
        store.save(_suite(writer, round_), replace=True)
    return SAVES


def _reader(args: tuple[str, float]) -> tuple[int, int]:
    project, seconds = args
    path = Path(project) / "gx" / "expectations" / "orders.json"
    reads = bad = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        reads += 1
        try:
            suite = parse_suite(data)
            assert len(suite.expectations) == 300
            assert len({spec.kwargs["column"].split("_c")[0] for spec in suite.expectations}) == 1  # one writer's
        except (ProfilingError, json.JSONDecodeError, AssertionError):
            bad += 1
    return reads, bad


@pytest.mark.timeout(300)
def test_parallel_saves_of_one_name_never_corrupt(tmp_path: Path) -> None:
    SuiteStore(tmp_path)  # creates the GX project once
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        reader = pool.apply_async(_reader, ((str(tmp_path), 10.0),))
        written = pool.map(_writer, [(str(tmp_path), 1), (str(tmp_path), 2)])
        reads, bad = reader.get(timeout=120)
    assert written == [SAVES, SAVES]
    assert reads > 0 and bad == 0, f"{bad} of {reads} reads saw a partial or mixed suite"
    final = SuiteStore(tmp_path).load("orders")
    assert len(final.expectations) == 300
    leftovers = [p.name for p in (tmp_path / "gx" / "expectations").iterdir() if p.name.startswith(".orders")]
    assert leftovers == []


def test_second_writer_without_replace_is_refused(tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    store.save(_suite(1, 0))
    with pytest.raises(ProfilingError, match="already exists"):
        SuiteStore(tmp_path).save(_suite(2, 0))
    assert store.load("orders").expectations[0].kwargs["column"] == "w1_r0_c0"
