"""HTTP backends: each sends an :class:`~iletimerkezi_async.sansio.HTTPRequest` and returns
the raw answer, translating its library's exceptions into ours."""

from .base import Answer, Backend

__all__ = ["Answer", "Backend"]
