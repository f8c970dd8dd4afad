"""Entry point for ``python -m convert``."""

import sys

from convert.cli import main

raise SystemExit(main(sys.argv[1:]))
