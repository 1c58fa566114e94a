"""One JSON line: what every command prints (``commands.write``)."""

from __future__ import annotations

import json

__all__ = ["json_line"]


def json_line(value: object) -> bytes:
    """``value`` as one UTF-8 JSON line, Turkish letters unescaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
