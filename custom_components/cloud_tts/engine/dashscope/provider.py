"""One Model Studio account with every real-time TTS family it offers.

Requests go to the family of their model: CosyVoice, Qwen-TTS realtime or
Sambert. Without a model, a voice picks the first model of the region that
has it (a cloned CosyVoice voice names its model in its id); without either,
CosyVoice v3 Flash speaks. A key refused at the handshake is tried in the
other regions, so that a key of another region is named as such.
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import ClientSession

from ..errors import AuthenticationError, RegionMismatchError
from ..families import FamilyRouter
from ..models import Deadlines
from ..provider import TtsProvider
from . import catalog
from .account import HOSTS, DashScopeAccount
from .cosyvoice import CosyVoiceProvider
from .qwen_tts import QwenTtsProvider
from .sambert import SambertProvider


class DashScopeProvider(FamilyRouter):
    """CosyVoice, Qwen-TTS realtime and Sambert for one Model Studio account."""

    name = "dashscope"

    def __init__(
        self,
        account: DashScopeAccount,
        session: ClientSession,
        *,
        deadlines: Deadlines | None = None,
        max_warm_sockets: int | None = None,
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        self.account = account
        self._session = session
        self._deadlines = deadlines
        families: dict[str, TtsProvider] = {
            catalog.COSYVOICE: CosyVoiceProvider(
                account, session, deadlines=deadlines, max_warm_sockets=max_warm_sockets
            ),
            catalog.QWEN_REALTIME: QwenTtsProvider(account, session, deadlines=deadlines),
            catalog.SAMBERT: SambertProvider(account, session, deadlines=deadlines, max_warm_sockets=max_warm_sockets),
        }
        super().__init__(families, catalog.CATALOG, account.region, "Model Studio")

    async def validate_credentials(self) -> None:
        """Check the key with a handshake; a key refused here but accepted in another region is named so."""
        try:
            await super().validate_credentials()
        except AuthenticationError as err:
            if (home := await self._region_accepting_key()) is None:
                raise
            raise RegionMismatchError(
                f"This API key belongs to Model Studio ({catalog.REGION_NAMES[home]}), not "
                f"{self.account.region_name}: keys work only in the region they were created in",
                code=err.code,
                region=home,
            ) from err

    async def _region_accepting_key(self) -> str | None:
        """Return the other region whose service accepts the key (none when an endpoint replaces the hosts)."""
        if self.account.endpoint is not None:
            return None
        for region in HOSTS:
            if region == self.account.region:
                continue
            account = replace(self.account, region=region)
            elsewhere = DashScopeProvider(account, self._session, deadlines=self._deadlines)
            try:
                await FamilyRouter.validate_credentials(elsewhere)  # the handshake alone, without probing again
            except AuthenticationError:
                continue
            finally:
                await elsewhere.close()
            return region
        return None
