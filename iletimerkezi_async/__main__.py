"""``python -m iletimerkezi_async``: the command-line interface."""

from .cli import main

raise SystemExit(main())
