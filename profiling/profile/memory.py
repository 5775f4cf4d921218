"""NumPy's large arrays on regular pages while a profile runs (the kernel's huge pages cost more than they give here).

NumPy asks the kernel for transparent huge pages (madvise) on every array of 4 MiB or more. With this
kernel's `defrag` set to `madvise`, each such fault may compact memory synchronously to find 2 MiB
pages. A profile allocates and frees hundreds of MiB of short-lived arrays (sorted copies, ranks,
key arrays, blocks), so in a fresh process the bench's 1M x 30 profile spent 0.72-0.76 s in the
kernel with huge pages and 0.30-0.32 s without, 0.2-0.35 s of wall time (`NUMPY_MADVISE_HUGEPAGE`,
two runs each). The switch is NumPy's own (the runtime form of that documented variable); it is put
back afterwards, and where a NumPy lacks it nothing changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np


@contextlib.contextmanager
def regular_pages() -> Iterator[None]:
    """NumPy allocates without madvise(MADV_HUGEPAGE) inside the block."""
    toggle = getattr(getattr(np, "_core", None), "multiarray", None)
    switch = getattr(toggle, "_set_madvise_hugepage", None)
    if switch is None:
        yield
        return
    previous = switch(False)
    try:
        yield
    finally:
        switch(previous)
