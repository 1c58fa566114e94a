"""The ``iletimerkezi-async`` command: ``get-contact``, ``demo`` and ``hash``."""

from .main import main

__all__ = ["main"]
