"""The voices the server offers: every provider's catalog under names unique across them all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from wyoming.info import Attribution, TtsVoice, TtsVoiceSpeaker

from cloud_tts_engine import (
    Cloud,
    InvalidRequestError,
    Speaker,
    SynthesisOptions,
    TtsError,
    TtsProvider,
    Voice,
    fallback_chain,
    with_fallbacks,
)

from .settings import Preset, ProviderSettings, SettingsError


@dataclass(frozen=True)
class Account:
    """A configured provider and its settings."""

    settings: ProviderSettings
    cloud: Cloud
    provider: TtsProvider
    region: str

    @property
    def attribution(self) -> Attribution:
        """Who runs the service, as Wyoming names a voice's source."""
        return Attribution(name=self.cloud.name, url=self.cloud.url)

    @property
    def label(self) -> str:
        """The service and region, as voice descriptions name them when several are served."""
        return f"{self.cloud.name}, {self.region}"

    def defaults(self) -> SynthesisOptions:
        """Return the reply options the settings give."""
        return self.settings.reply_options()


def apply_preset(options: SynthesisOptions, preset: Preset) -> SynthesisOptions:
    """``options`` with what ``preset`` sets (checked like any options)."""
    return replace(
        options,
        speed=preset.speed if preset.speed is not None else options.speed,
        pitch=preset.pitch if preset.pitch is not None else options.pitch,
        volume=preset.volume if preset.volume is not None else options.volume,
        instructions=preset.instructions or options.instructions,
        clean_text=preset.clean_text if preset.clean_text is not None else options.clean_text,
    )


@dataclass(frozen=True)
class Entry:
    """One offered voice."""

    name: str
    account: Account
    voice: Voice

    def options(self) -> SynthesisOptions:
        """Return the account's defaults, speaking with this voice."""
        return replace(self.account.defaults(), model=self.voice.model, voice=self.voice.id)


class VoiceDirectory:
    """Voice names → what to speak them with.

    A voice is named by its id where that is unique, else ``model/id`` (then
    ``region/model/id``); the longer forms always work too. Presets are
    offered as every voice's speakers. A voice may have a fallback voice
    (``fallbacks``, or its speaker's preset), which may have its own.
    """

    def __init__(
        self, accounts: list[Account], presets: tuple[Preset, ...] = (), fallbacks: Mapping[str, str] | None = None
    ) -> None:
        """Index every account's voices; refuse fallbacks naming no voice served, or that loop."""
        self.accounts = accounts
        self.presets = {preset.name: preset for preset in presets}
        self.entries: list[Entry] = []
        self._names: dict[str, Entry] = {}
        for account in accounts:
            for voice in account.provider.voices():
                forms = [voice.id, f"{voice.model}/{voice.id}", f"{account.region}/{voice.model}/{voice.id}"]
                name = next((form for form in forms if form not in self._names), None)
                if name is None:
                    continue  # the same account twice
                entry = Entry(name, account, voice)
                self.entries.append(entry)
                for form in forms:
                    self._names.setdefault(form, entry)
        self._fallbacks = {
            self._entry(voice, "[fallbacks]").name: self._entry(fallback, f"[fallbacks] {voice}").name
            for voice, fallback in (fallbacks or {}).items()
        }
        self._check_fallbacks()

    def describe(self) -> list[TtsVoice]:
        """Return the voices as Wyoming describes them (Home Assistant labels them by description)."""
        several = len(self.accounts) > 1
        voices = []
        for entry in self.entries:
            voice = entry.voice
            speakers = [
                TtsVoiceSpeaker(name=preset.name)
                for preset in self.presets.values()
                if not preset.instructions or voice.supports_instructions
            ] or None
            model = next(m for m in entry.account.provider.models() if m.id == voice.model)
            label = " ".join(part for part in (voice.name, voice.local_name) if part)
            where = f"{model.name}; {entry.account.label}" if several else model.name
            voices.append(
                TtsVoice(
                    name=entry.name,
                    description=f"{label} — {where}",
                    attribution=entry.account.attribution,
                    installed=True,
                    version=None,
                    languages=list(voice.languages),
                    speakers=speakers,
                )
            )
        return voices

    def resolve(self, name: str | None, speaker: str | None) -> tuple[TtsProvider, SynthesisOptions]:
        """Return the provider and options for a requested voice (None: the first account's default).

        A voice with fallbacks is a provider speaking with them where the voice fails before its first audio.
        """
        preset: Preset | None = None
        if name is None:
            account = self.accounts[0]
            options = account.defaults()
            name = options.voice or ""
        else:
            entry = self._names.get(name)
            if entry is None:
                account, options = self._custom_voice(name)
            else:
                account = entry.account
                options = entry.options()
                name = entry.name
        if speaker:
            preset = self.presets.get(speaker)
            if preset is None:
                raise InvalidRequestError(f"Unknown speaker '{speaker}'; the presets are: {', '.join(self.presets)}")
            options = apply_preset(options, preset)
        fallbacks = [self._names[voice] for voice in self._chain(name, preset)[1:]]
        if not fallbacks:
            return account.provider, options
        chain = with_fallbacks(
            [Speaker(account.provider, options), *(Speaker(e.account.provider, e.options()) for e in fallbacks)]
        )
        return chain.provider, chain.options

    def _chain(self, name: str, preset: Preset | None) -> list[str]:
        """``name`` and its fallbacks in order: its own, else its speaker's; then each fallback's own."""
        first = self._fallbacks.get(name)
        if first is None and preset is not None and preset.fallback is not None:
            first = self._names[preset.fallback].name
        first = first if first != name else None  # (a preset's fallback does not stand in for itself)
        return fallback_chain(name, lambda voice: first if voice == name else self._fallbacks.get(voice))

    def _entry(self, name: str, where: str) -> Entry:
        if (entry := self._names.get(name)) is None:
            raise SettingsError(f"{where}: no voice served is named '{name}'")
        return entry

    def _check_fallbacks(self) -> None:
        """Refuse a fallback that loops, or that its account cannot speak with its defaults (nothing is sent)."""
        for preset in self.presets.values():
            if preset.fallback is not None:
                self._entry(preset.fallback, f"[presets.{preset.name}] fallback")
        try:
            for entry in self.entries:
                for speaker in (None, *self.presets.values()):
                    self._chain(entry.name, speaker)
            for name in {*self._fallbacks.values(), *(p.fallback for p in self.presets.values() if p.fallback)}:
                fallback = self._names[name]
                fallback.account.provider.audio_format(fallback.options())
        except TtsError as err:
            raise SettingsError(f"[fallbacks]: {err}") from err

    def _custom_voice(self, name: str) -> tuple[Account, SynthesisOptions]:
        """Resolve a voice not in any catalog: a cloned or designed voice id, as ``model/id`` or bare."""
        model, _, voice = name.rpartition("/")
        account = self.accounts[0]
        defaults = account.defaults()
        return account, replace(defaults, model=model or defaults.model, voice=voice)
