"""The library's messages about an argument, worded for a shell user.

The library names arguments as Python does (``brand_code must be ...``,
``recipient: ... is not a phone number``), always at the start of its message.
A command knows which of its flags or arguments fed that Python argument, and
says so instead: ``--brand-code must be ...``. What the library cannot word for a
shell (types such as ``str``) the commands check first, with argparse types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["reword"]

_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?=[\s:.\[=]|$)")


def reword(message: str, names: Mapping[str, str] | None = None) -> str:
    """``message`` with the Python argument it starts with named as on the command line.

    ``names`` maps Python names to the command's (``{"recipient": "RECIPIENT"}``);
    a snake_case name not in it becomes the flag of the same words (``send_at`` ->
    ``--send-at``), as the commands name their flags after the arguments they feed.
    """
    for python, shell in (names or {}).items():
        if re.match(rf"{re.escape(python)}(?=[\s:.\[=]|$)", message):
            return shell + message[len(python) :]
    if match := _SNAKE.match(message):
        return "--" + match.group().replace("_", "-") + message[match.end() :]
    return message
