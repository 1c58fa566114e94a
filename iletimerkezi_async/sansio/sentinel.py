"""``NOT_GIVEN``: "this argument was not given", where ``None`` means something else.

``AsyncClient(timeout=None)`` turns the timeouts off, while leaving ``timeout`` out
keeps the default; ``edit_contact(name="")`` clears a name, while leaving ``name`` out
does not send it. Such parameters are annotated ``X | NotGiven`` and default to
:data:`NOT_GIVEN`, the one instance of :class:`NotGiven` (as httpx's
``USE_CLIENT_DEFAULT``). Pure, so that both layers can use it.
"""

from __future__ import annotations

from typing import Final

__all__ = ["NOT_GIVEN", "NotGiven"]


class NotGiven:
    """The type of :data:`NOT_GIVEN`; it has one instance, which is false."""

    __slots__ = ()
    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_GIVEN"  # pickling and copying keep the one instance


NOT_GIVEN: Final = NotGiven()
"""The default of a parameter that was left out (``None`` being a value of its own)."""
