"""Switches off the telemetry of every library Prism uses, before any of them is imported."""

import os

# fg-data-profiling sends an analytics request on every report unless told not to;
# Great Expectations likewise. Prism never reaches the network at run time.
for _name, _value in {
    "YDATA_PROFILING_NO_ANALYTICS": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The report library draws tqdm progress bars on stderr; Prism shows its own progress.
    "TQDM_DISABLE": "1",
}.items():
    os.environ.setdefault(_name, _value)
