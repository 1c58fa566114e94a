"""The account: get-balance and get-sender."""

from __future__ import annotations

from ..sansio import Balance, account
from .base import CallPath

__all__ = ["AccountMethods"]


class AccountMethods(CallPath):
    """The client's account methods."""

    async def get_balance(self) -> Balance:
        """The money (``amount``, TRY) and SMS credit (``sms``) the account has left."""
        return await self._call(account.get_balance(self._credentials))

    async def get_sender(self) -> list[str]:
        """The account's approved sender names; an empty list for a new account."""
        return await self._call(account.get_sender(self._credentials))
