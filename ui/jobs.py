"""Long work in a background thread, shared by every session, polled by a fragment so pages never freeze."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from profiling.errors import ProfilingError

_MAX_JOBS = 16


@dataclass
class Job:
    """The state of one piece of background work, updated by its thread."""

    label: str
    phase: str = "Waiting to start"
    fraction: float = 0.0
    result: Any = None
    error: ProfilingError | None = None
    done: bool = False
    started: float = field(default_factory=time.monotonic)

    def report(self, phase: str, fraction: float) -> None:
        self.phase, self.fraction = phase, fraction

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@st.cache_resource
def _registry() -> tuple[dict[str, Job], threading.Lock]:
    return {}, threading.Lock()


def start(key: str, label: str, work: Callable[[Job], Any]) -> Job:
    """Start `work(job)` in a thread unless a job with this key runs or succeeded already."""
    jobs, lock = _registry()
    with lock:
        job = jobs.get(key)
        if job is not None and not (job.done and job.error is not None):
            return job
        job = jobs[key] = Job(label=label)
        _forget_old(jobs)
    threading.Thread(target=_run, args=(job, work), daemon=True, name=f"prism-{label}").start()
    return job


def get(key: str) -> Job | None:
    jobs, lock = _registry()
    with lock:
        return jobs.get(key)


@st.fragment(run_every=1.0)
def progress(key: str) -> None:
    """Poll a job's progress each second; when it ends, rerun the page, which then shows the result or the error."""
    job = get(key)
    if job is None or job.done:
        st.rerun()
    else:
        st.progress(job.fraction, text=f"{job.phase} ({job.elapsed:.0f} s)")


def _run(job: Job, work: Callable[[Job], Any]) -> None:
    try:
        job.result = work(job)
    except ProfilingError as err:
        job.error = err
    except Exception as err:  # a bug: keep the app alive, show a short message, print the trace for logs
        traceback.print_exc()
        job.error = ProfilingError(f"{job.label} failed: {type(err).__name__}: {err}", "Please report this problem.")
    finally:
        job.done = True


def _forget_old(jobs: dict[str, Job]) -> None:
    finished = [key for key, job in jobs.items() if job.done]
    for key in finished[: max(0, len(jobs) - _MAX_JOBS)]:
        del jobs[key]
