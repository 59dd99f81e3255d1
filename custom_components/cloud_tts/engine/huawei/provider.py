"""One Huawei Cloud account with both SIS TTS APIs: streaming TTS and real-time TTS.

Requests go to the API of their model. Without a model, a voice picks the
API that has it; without either, streaming TTS speaks where the region offers
it (it takes text as it arrives), else real-time TTS. Both APIs share one
sign-in (one cached token).
"""

from __future__ import annotations

from aiohttp import ClientSession

from ..families import FamilyRouter
from ..models import Deadlines
from ..provider import TtsProvider
from . import catalog
from .account import HuaweiAccount
from .auth import HuaweiAuth
from .rtts import HuaweiRttsProvider
from .streaming import HuaweiStreamingProvider


class HuaweiProvider(FamilyRouter):
    """Streaming TTS and real-time TTS for one Huawei Cloud account in one region."""

    name = "huawei"

    def __init__(self, account: HuaweiAccount, session: ClientSession, *, deadlines: Deadlines | None = None) -> None:
        """Use ``session`` for IAM requests and connections (not closed by the provider)."""
        self.account = account
        deadlines = deadlines or Deadlines()
        self.auth = HuaweiAuth(account, session, deadlines)
        streaming = HuaweiStreamingProvider(self.auth, session, deadlines=deadlines)
        rtts = HuaweiRttsProvider(self.auth, session, deadlines=deadlines)
        families: dict[str, TtsProvider] = {catalog.STREAMING: streaming, catalog.RTTS: rtts}
        super().__init__(families, catalog.CATALOG, account.region, "Huawei Cloud SIS")

    async def validate_credentials(self) -> str:
        """Check the sign-in with a handshake; return the project's ID (the account in this region)."""
        await super().validate_credentials()
        return await self.auth.project_id()

    async def close(self) -> None:
        """Close both APIs' connections and stop a token renewal under way."""
        await super().close()
        await self.auth.close()
