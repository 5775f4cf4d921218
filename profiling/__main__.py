"""`python -m profiling`: the Prism command line."""

import sys

from profiling.cli import main

sys.exit(main())
