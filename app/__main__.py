"""`python -m app` behaves exactly like the `studydesk` command."""

import sys

from app.cli import main

sys.exit(main())
