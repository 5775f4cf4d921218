"""CLI subcommands: one module per subcommand, each with `register(subparsers)`; listed here in help order."""

# Adding a subcommand: write profiling/commands/<name>.py with `register(subparsers)` and add
# its module name here. Shared options and output helpers are in `common`.
COMMANDS: tuple[str, ...] = (
    "load",
    "profile",
    "bias",
    "suite",
    "validate",
    "drift",
    "schema",
    "privacy",
    "source",
)
