"""One Huawei Cloud account with both SIS TTS APIs: streaming TTS and real-time TTS.

Requests go to the API of their model. Without a model, a voice picks the
API that has it; without either, streaming TTS speaks where the region offers
it (it takes text as it arrives), else real-time TTS. Both APIs share one
sign-in (one cached token).
"""

from __future__ import annotations

from dataclasses import replace

from aiohttp import ClientSession

from . import huawei_catalog as catalog
from .errors import InvalidRequestError
from .families import FamilyRouter
from .huawei import HuaweiAccount, HuaweiAuth
from .huawei_rtts import HuaweiRttsProvider
from .huawei_streaming import HuaweiStreamingProvider
from .models import Deadlines, SynthesisOptions


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
        offers_streaming = account.region in catalog.MODELS[catalog.STREAMING_MODEL].regions
        families = {catalog.STREAMING: streaming, catalog.RTTS: rtts}
        super().__init__(families if offers_streaming else {catalog.RTTS: rtts, catalog.STREAMING: streaming})

    async def validate_credentials(self) -> str:
        """Check the sign-in with a handshake; return the project's ID (the account in this region)."""
        await super().validate_credentials()
        return await self.auth.project_id()

    async def close(self) -> None:
        """Close both APIs' connections and stop a token renewal under way."""
        await super().close()
        await self.auth.close()

    def _route(self, options: SynthesisOptions) -> tuple[str, SynthesisOptions]:
        if options.model is None:
            options = replace(options, model=self._model_of_voice(options.voice))
        assert options.model is not None
        model = catalog.MODELS.get(options.model)
        if model is None:
            offered = ", ".join(m.id for m in self.models())
            raise InvalidRequestError(f"Unknown Huawei Cloud SIS model '{options.model}'; choose one of: {offered}")
        return model.family, options

    def _model_of_voice(self, voice_id: str | None) -> str:
        region = self.account.region
        if voice_id is None:
            return self.models()[0].id
        owners = catalog.CATALOG.owners_of(voice_id)
        offered = [model for model in owners if region in catalog.VOICES[model][voice_id].regions]
        if offered:
            return offered[0]
        if owners:
            region_name = catalog.REGION_NAMES[region]
            raise InvalidRequestError(f"Voice {voice_id} ({', '.join(owners)}) is not offered in {region_name}")
        raise InvalidRequestError(f"Unknown Huawei Cloud SIS voice '{voice_id}'")
