"""Corpus entries that are scenarios, not table files: hostile path strings, a full disk and a crash while saving."""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import time
from pathlib import Path

import pytest

from profiling.errors import DataLoadError, ProfilingError, UnsafeInputError
from profiling.expectations.models import ExpectationSpec, SuiteDocument
from profiling.expectations.store import SuiteStore
from profiling.loading import load_path
from tests.corpus import error_met


def test_hostile_path_strings_are_refused(bad_inputs: Path) -> None:
    manifest = json.loads((bad_inputs / "manifest.json").read_text())["entries"]
    expected = next(e for e in manifest if e["file"] == "paths/hostile_path_inputs.json")["expected"]
    root = bad_inputs / "paths" / "data_root"
    for text in json.loads((bad_inputs / "paths" / "hostile_path_inputs.json").read_text()):
        with pytest.raises(ProfilingError) as caught:
            load_path(text, data_root=root)
        # Refused as unsafe, or (names that stay inside the folder) not found there: nothing outside is read.
        assert isinstance(caught.value, UnsafeInputError | DataLoadError), text[:80]
        if isinstance(caught.value, UnsafeInputError):
            assert error_met(caught.value, expected), (text[:80], caught.value.message)


def _suite(size: int, tag: str) -> SuiteDocument:
    specs = [ExpectationSpec(type="expect_column_to_exist", kwargs={"column": f"{tag}_{i}"}) for i in range(size)]
    return SuiteDocument(name="orders", expectations=specs)


def _save_with_small_disk(project: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    try:
        SuiteStore(Path(project)).save(_suite(2000, "big"), replace=True)
        queue.put("saved")
    except ProfilingError as err:
        queue.put(str(err))


def test_disk_full_while_saving_keeps_the_previous_suite(tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    store.save(_suite(3, "small"))
    before = (store.folder / "orders.json").read_bytes()
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()  # type: ignore[type-arg]
    child = multiprocessing.get_context("spawn").Process(target=_save_with_small_disk, args=(str(tmp_path), queue))
    child.start()
    child.join(120)
    message = queue.get(timeout=10)
    assert "could not save" in message.lower(), message
    assert (store.folder / "orders.json").read_bytes() == before
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".orders")]


def _save_forever(project: str) -> None:
    store = SuiteStore(Path(project))
    for round_ in range(1_000):
        store.save(_suite(4000, f"r{round_}"), replace=True)


def test_killed_mid_write_leaves_a_whole_suite(tmp_path: Path) -> None:
    SuiteStore(tmp_path).save(_suite(4000, "first"))
    child = multiprocessing.get_context("spawn").Process(target=_save_forever, args=(str(tmp_path),))
    child.start()
    time.sleep(12)  # imports, then several saves of a suite of a few MB
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    child.join(10)
    suite = SuiteStore(tmp_path).load("orders")  # the old or a new version, never a truncated one
    assert len(suite.expectations) == 4000
