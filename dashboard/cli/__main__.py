"""`python -m dashboard.cli` is `humas`."""

import sys

from dashboard.cli import main

sys.exit(main())
