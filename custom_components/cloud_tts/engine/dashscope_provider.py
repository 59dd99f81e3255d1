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

from . import dashscope_catalog as catalog
from .cosyvoice import DEFAULT_MODEL, CosyVoiceProvider
from .dashscope import HOSTS, DashScopeAccount
from .errors import AuthenticationError, InvalidRequestError, RegionMismatchError
from .families import FamilyRouter
from .models import Deadlines, SynthesisOptions
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
        max_warm_sockets: int = 4,
    ) -> None:
        """Use ``session`` for connections (not closed by the provider)."""
        self.account = account
        self._session = session
        self._deadlines = deadlines
        super().__init__(
            {
                catalog.COSYVOICE: CosyVoiceProvider(
                    account, session, deadlines=deadlines, max_warm_sockets=max_warm_sockets
                ),
                catalog.QWEN_REALTIME: QwenTtsProvider(account, session, deadlines=deadlines),
                catalog.SAMBERT: SambertProvider(
                    account, session, deadlines=deadlines, max_warm_sockets=max_warm_sockets
                ),
            }
        )

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

    def _route(self, options: SynthesisOptions) -> tuple[str, SynthesisOptions]:
        """Return the family for ``options`` and the options with their model filled in."""
        if options.model is None:
            options = replace(options, model=self._model_of_voice(options.voice))
        elif options.voice is None and options.model in catalog.VOICES[catalog.SAMBERT]:
            options = replace(options, model=catalog.SAMBERT, voice=options.model)  # Sambert's own model ids
        assert options.model is not None
        model = catalog.find_model(options.model)
        if model is None:
            offered = ", ".join(m.id for m in self.models())
            raise InvalidRequestError(f"Unknown Model Studio model '{options.model}'; choose one of: {offered}")
        return model.family, options

    def _model_of_voice(self, voice_id: str | None) -> str:
        if voice_id is None:
            return DEFAULT_MODEL
        region = self.account.region
        owner = next((v.model for v in catalog.voices_in(region) if v.id == voice_id), None)
        if owner is not None:
            return owner
        named = [m.id for m in catalog.models_in(region) if voice_id.startswith(f"{m.id}-")]
        if named:
            return max(named, key=len)  # a cloned or designed voice names its model
        elsewhere = catalog.CATALOG.owners_of(voice_id)
        if elsewhere:
            raise InvalidRequestError(
                f"Voice {voice_id} ({', '.join(elsewhere)}) is not offered in {self.account.region_name}"
            )
        raise InvalidRequestError(f"Unknown voice '{voice_id}'; give its model too if it is a cloned or designed voice")
