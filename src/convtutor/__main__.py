"""Allow ``python -m convtutor``."""

from convtutor.cli.main import main

raise SystemExit(main())
