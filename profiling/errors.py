"""Errors a user can fix: each carries a message (what is wrong) and a hint (how to fix it)."""

from __future__ import annotations


class ProfilingError(Exception):
    """A problem the user can fix: `message` says what, `hint` says how."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def one_line(self) -> str:
        """The message and hint on one line, for the CLI and logs."""
        return " ".join(str(self).split())


class DataLoadError(ProfilingError):
    """A file or input could not be read as a table."""


class UnsafeInputError(DataLoadError):
    """An input refused for safety before it is parsed (code-carrying formats, bombs, paths)."""


class LimitExceededError(DataLoadError):
    """An input over a configured limit (size, columns, decompressed size)."""


class WorkspaceError(ProfilingError):
    """The workspace could not read or write what was asked."""


class DatasetNotFoundError(WorkspaceError):
    """No dataset with that id or name is in the workspace."""


class ColumnNotFoundError(ProfilingError):
    """A named column is not in the dataset."""
