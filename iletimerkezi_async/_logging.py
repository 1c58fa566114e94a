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

    Only our logger is touched (httpx's is left alone). A stderr handler is added
    once, and only when neither our logger nor the root logger has one: an
    application that configured logging gets our records through its own handlers.
    """
    level = _LEVELS.get(os.environ.get("ILETIMERKEZI_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    configured = [
        h
        for h in (*logger.handlers, *logging.getLogger().handlers)
        if not isinstance(h, logging.NullHandler)
    ]
    if not configured:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
