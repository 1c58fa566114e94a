"""The package's logger, and the ``ILETIMERKEZI_LOG`` switch."""

from __future__ import annotations

import logging
import os

__all__ = ["configure_from_env", "logger"]

logger = logging.getLogger("iletimerkezi_async")
logger.addHandler(logging.NullHandler())

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def configure_from_env() -> None:
    """With ``ILETIMERKEZI_LOG=debug|info``, log at that level to stderr.

    Only our logger is touched (httpx's is left alone), and a handler is added
    once, only when the application has not configured one itself.
    """
    level = _LEVELS.get(os.environ.get("ILETIMERKEZI_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(not isinstance(h, logging.NullHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
