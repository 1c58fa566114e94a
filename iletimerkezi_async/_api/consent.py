"""İYS consent: consent/create (``consent_create``) and consent/show (``consent_show``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..sansio import consent
from ..sansio.consent import Consent, ConsentRecord, ConsentType, RecipientType
from .base import CallPath

__all__ = ["ConsentMethods"]


class ConsentMethods(CallPath):
    """The client's İYS consent methods (they need an active İYS subscription)."""

    async def consent_create(
        self, records: Iterable[ConsentRecord], *, brand_code: int | str
    ) -> None:
        """Register 1 to 5,000 consent records with İYS (the provider's consent/create).

        Every record is checked before any I/O (``InvalidArgumentError`` naming the record and
        field). Without an İYS subscription:
        :class:`~iletimerkezi_async.PermissionDeniedError` (403); records the provider
        refuses: :class:`~iletimerkezi_async.BadRequestError` (422, with ``errors``).
        A write: sent again only when the provider provably never got it.
        """
        await self._call(consent.consent_create(self._credentials, records, brand_code=brand_code))

    async def consent_show(
        self,
        recipient: str,
        *,
        brand_code: int | str,
        recipient_type: RecipientType = "BIREYSEL",
        type: ConsentType = "MESAJ",
    ) -> Consent | None:
        """The İYS consent of ``recipient`` (a number or an e-mail) for one brand,
        recipient type and channel (the provider's consent/show).

        ``None`` when the recipient has İYS records but none of this type. A recipient
        with no record at all: :class:`~iletimerkezi_async.BadRequestError` with
        ``status_code == 422`` (the provider's answer, also used for invalid input).
        Without an İYS subscription: :class:`~iletimerkezi_async.PermissionDeniedError`.
        """
        return await self._call(
            consent.consent_show(
                self._credentials,
                recipient,
                brand_code=brand_code,
                recipient_type=recipient_type,
                type=type,
            )
        )
