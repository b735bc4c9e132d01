"""Allow ``python -m analysis``."""

import sys

from analysis.run.cli import EXIT_UNEXPECTED, INTERRUPTED, main

try:
    code = main()
except KeyboardInterrupt:  # a signal that came while main() was already handling another
    print(INTERRUPTED, file=sys.stderr)
    code = EXIT_UNEXPECTED
sys.exit(code)
