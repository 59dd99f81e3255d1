"""Config flow: an account (provider, region, credentials) and its first voice; more voices as subentries."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from functools import partial
from typing import Any

import probatio as vol
from homeassistant.config_entries import (
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentry,
    ConfigSubentryData,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .account import cloud_of, entry_title, provider_of, same_sign_in, unique_id_of
from .const import CONF_FALLBACK, CONF_PROVIDER, CONF_REGION, DOMAIN, LOGGER, SUBENTRY_VOICE
from .engine import (
    AuthenticationError,
    Cloud,
    InvalidRequestError,
    ProtocolError,
    QuotaExceededError,
    RateLimitedError,
    RegionMismatchError,
    ServiceUnavailableError,
    SignIn,
    TtsError,
    clouds,
)
from .fallbacks import fallback_schema, leads_back, own_entity
from .voice_form import VoiceForm, model_step, voice_step
from .voice_settings import VoiceSettings

ADVANCED = "advanced"
"""The folded section that holds endpoint overrides (for a proxy, a private deployment or tests)."""

NO_PROBLEM = {
    "home_region": "",
    "voices": "",
    "endpoint_example": "wss://tts-proxy.example:8443",
    "iam_endpoint_example": "https://iam-proxy.example:8443",
}
"""What the account forms' texts name: the endpoints' examples; the error texts' names, before there is an error."""

_TEXT = TextSelector()
_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))


class CloudTtsConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add an account: sign-in, region and credentials (checked with a handshake), then its first voice."""

    VERSION = 1
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._data: dict[str, Any] = {}
        self._voice_form: VoiceForm | None = None

    @staticmethod
    @callback
    def async_get_supported_subentry_types(config_entry: ConfigEntry) -> dict[str, type[ConfigSubentryFlow]]:
        """Voices are subentries: each one is a TTS entity."""
        return {SUBENTRY_VOICE: VoiceSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask which service, and how the account signs in: every registered cloud's ways to sign in."""
        sign_ins = [sign_in.id for spec in clouds() for sign_in in spec.sign_ins]
        return self.async_show_menu(step_id="user", menu_options=sign_ins)

    def __getattr__(self, name: str) -> Callable[..., Coroutine[Any, Any, ConfigFlowResult]]:
        """Answer the menu's choices: ``async_step_<sign-in>`` is the account form of that way to sign in."""
        if name.startswith("async_step_") and (found := _sign_in(name.removeprefix("async_step_"))) is not None:
            return partial(self._async_step_account, *found)
        raise AttributeError(name)

    async def _async_step_account(
        self, spec: Cloud, sign_in: SignIn, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the region and the credentials of ``sign_in``; check them with a handshake."""
        errors: dict[str, str] = {}
        placeholders = dict(NO_PROBLEM)
        if user_input is not None:
            data = {CONF_PROVIDER: spec.id, **_flatten(user_input)}
            if any(same_sign_in(data, entry.data) for entry in self._async_current_entries(include_ignore=False)):
                return self.async_abort(reason="already_configured")  # known without asking the service
            try:
                identity = await _async_check(self.hass, data)
            except _Refused as refused:
                errors["base"] = refused.reason
                placeholders |= refused.placeholders
            except TtsError:  # incomplete credentials, caught before any connection
                errors["base"] = "invalid_auth"
            else:
                await self.async_set_unique_id(unique_id_of(data, identity))
                self._abort_if_unique_id_configured()  # the same account, signed in another way
                self._data = data
                provider = provider_of(data, async_get_clientsession(self.hass))
                self._voice_form = VoiceForm(provider, self.hass.config.language)
                return await self.async_step_model()
        schema = _account_schema(spec, sign_in, user_input)
        return self.async_show_form(
            step_id=sign_in.id,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_model(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose the first voice's model."""
        assert self._voice_form is not None
        if (form := model_step(self, self._voice_form, user_input, placeholders=self._names())) is not None:
            return form
        return await self.async_step_voice()

    async def async_step_voice(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose the first voice and its settings; the account is added with it."""
        assert self._voice_form is not None
        chosen = voice_step(self, self._voice_form, user_input, placeholders=self._names())
        if not isinstance(chosen, VoiceSettings):
            return chosen
        voice = ConfigSubentryData(
            subentry_type=SUBENTRY_VOICE, data=chosen.as_data(), title=self._voice_form.title(chosen), unique_id=None
        )
        return self.async_create_entry(title=self._names()["account"], data=self._data, subentries=[voice])

    def _names(self) -> dict[str, str]:
        """Return the account's title-to-be, which the voice steps' titles name."""
        titles = [entry.title for entry in self._async_current_entries(include_ignore=False)]
        return {"account": entry_title(self._data, self.hass.config.language, titles)}

    @callback
    def async_remove(self) -> None:
        """Close the provider the voice steps asked (it holds no connection, but it is ours)."""
        if self._voice_form is not None:
            self.hass.async_create_task(self._voice_form.provider.close(), eager_start=True)

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Ask for the credentials again: the service refused them."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the secrets again and check them."""
        entry = self._get_reauth_entry()
        sign_in = cloud_of(entry.data).sign_in_of(entry.data)
        errors: dict[str, str] = {}
        placeholders = {"account": entry.title, **NO_PROBLEM}
        if user_input is not None:
            data = {**entry.data, **user_input}
            try:
                return await self._async_update_account(entry, data)
            except _Refused as refused:
                errors["base"] = refused.reason
                placeholders |= refused.placeholders
        schema = vol.Schema({vol.Required(key): _SECRET for key in sign_in.secrets})
        return self.async_show_form(
            step_id="reauth_confirm", data_schema=schema, errors=errors, description_placeholders=placeholders
        )

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Change the region, endpoint or credentials (the secrets are asked for again)."""
        entry = self._get_reconfigure_entry()
        spec = cloud_of(entry.data)
        sign_in = spec.sign_in_of(entry.data)
        errors: dict[str, str] = {}
        placeholders = dict(NO_PROBLEM)
        if user_input is not None:
            try:
                data = {CONF_PROVIDER: entry.data[CONF_PROVIDER], **_flatten(user_input)}
                return await self._async_update_account(entry, data)
            except _Refused as refused:
                errors["base"] = refused.reason
                placeholders |= refused.placeholders
        known = _nest(spec, {key: value for key, value in entry.data.items() if key not in sign_in.secrets})
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _account_schema(spec, sign_in, user_input or known), user_input or known
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_update_account(self, entry: ConfigEntry, data: dict[str, Any]) -> ConfigFlowResult:
        """Check the changed sign-in and save it: the same account only (where the service tells who it is)."""
        identity = await _async_check(self.hass, data)
        await self.async_set_unique_id(unique_id_of(data, identity))
        if entry.unique_id is not None:  # (an entry without one is the account it signs in to)
            self._abort_if_unique_id_mismatch(description_placeholders={"account": entry.title})
        others = [other for other in self._async_current_entries(include_ignore=False) if other is not entry]
        if any(_same_account(self.unique_id, data, other) for other in others):
            return self.async_abort(reason="already_configured")
        if unspeakable := await _async_unspeakable_voices(self.hass, entry, data):
            raise _Refused("voices_not_offered", voices=", ".join(unspeakable))
        title = entry_title(data, self.hass.config.language, [other.title for other in others])
        changes: dict[str, Any] = {"unique_id": self.unique_id, "title": title, "data": data}
        if entry.update_listeners:  # a loaded entry reloads through its listener
            return self.async_update_and_abort(entry, **changes)
        return self.async_update_reload_and_abort(entry, **changes)


class VoiceSubentryFlow(ConfigSubentryFlow):
    """Add or change one voice of a loaded account."""

    _voice_form: VoiceForm
    _names: dict[str, str]
    """The account and (when changed) the voice, as the steps' titles name them."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Add a voice."""
        return await self._async_start(None)

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Change a voice: its model, voice or settings."""
        return await self._async_start(self._get_reconfigure_subentry())

    async def _async_start(self, changed: ConfigSubentry | None) -> SubentryFlowResult:
        entry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        others = [subentry.title for subentry in entry.subentries.values() if subentry is not changed]
        current = VoiceSettings.from_data(changed.data) if changed else None
        language = self.hass.config.language
        self._voice_form = VoiceForm(entry.runtime_data.provider, language, current, other_titles=others)
        self._names = {"account": entry.title} | ({"voice": changed.title} if changed else {})
        if changed:
            return await self.async_step_change_model()
        return await self.async_step_model()

    async def async_step_model(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Choose the new voice's model."""
        if (form := model_step(self, self._voice_form, user_input, placeholders=self._names)) is not None:
            return form
        return await self.async_step_voice()

    async def async_step_voice(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Choose the new voice, its settings and its fallback."""
        return await self._async_voice_step("voice", user_input)

    async def async_step_change_model(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Choose the changed voice's model (its own suggested)."""
        form = model_step(self, self._voice_form, user_input, step_id="change_model", placeholders=self._names)
        if form is not None:
            return form
        return await self.async_step_change_voice()

    async def async_step_change_voice(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Choose the changed voice, its settings and its fallback."""
        return await self._async_voice_step("change_voice", user_input)

    async def _async_voice_step(self, step_id: str, user_input: dict[str, Any] | None) -> SubentryFlowResult:
        """Show the voice step with its fallback field, or save the voice (a fallback that leads back is refused)."""
        changed = self._get_reconfigure_subentry() if self.source != SOURCE_USER else None
        own = own_entity(self.hass, changed)
        voice_input = {key: value for key, value in (user_input or {}).items() if key != CONF_FALLBACK}
        fallback = (user_input or {}).get(CONF_FALLBACK)
        loops = bool(fallback and leads_back(self.hass, own, fallback))
        chosen = voice_step(
            self,
            self._voice_form,
            voice_input if user_input is not None else None,
            step_id=step_id,
            placeholders=self._names,
            refused="fallback_loops" if loops else None,
        )
        if isinstance(chosen, VoiceSettings):
            data = chosen.as_data() | ({CONF_FALLBACK: fallback} if fallback else {})
            title = self._voice_form.title(chosen)
            if changed is None:
                return self.async_create_entry(title=title, data=data)
            return self.async_update_and_abort(self._get_entry(), changed, title=title, data=data)
        current = changed.data.get(CONF_FALLBACK) if changed else None
        suggested = {CONF_FALLBACK: fallback or current} if fallback or current else {}
        extra = self.add_suggested_values_to_schema(fallback_schema(self.hass, own), suggested)
        schema = chosen["data_schema"]
        assert schema is not None  # (the voice step's form)
        chosen["data_schema"] = schema.extend(extra.schema)
        return chosen


class _Refused(Exception):
    """The account check failed: the form's error key and the placeholders its text needs."""

    def __init__(self, reason: str, **placeholders: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.placeholders = placeholders


async def _async_check(hass: HomeAssistant, data: Mapping[str, Any]) -> str | None:
    """Check the credentials with a handshake and return the account's identity, if the service tells one.

    Raise :class:`_Refused` with what to tell the user.
    """
    spec = cloud_of(data)
    if reason := spec.sign_in_of(data).refuse(data):  # e.g. a HUAWEI ID where an IAM user belongs
        raise _Refused(reason)
    try:
        async with provider_of(data, async_get_clientsession(hass)) as provider:
            return await provider.validate_credentials()
    except RegionMismatchError as err:
        if err.region is None:
            raise _Refused("wrong_region") from err
        raise _Refused("key_other_region", home_region=spec.catalog.region_names[err.region]) from err
    except AuthenticationError as err:  # also incomplete credentials, refused before any connection
        raise _Refused("invalid_auth") from err
    except RateLimitedError as err:
        raise _Refused("rate_limited") from err
    except QuotaExceededError as err:
        raise _Refused("quota_exceeded") from err
    except (ServiceUnavailableError, ProtocolError, InvalidRequestError) as err:  # (an endpoint that is no URL)
        raise _Refused("cannot_connect") from err
    except Exception as err:
        LOGGER.exception("Unexpected error checking the account")
        raise _Refused("unknown") from err


def _same_account(unique_id: str | None, data: Mapping[str, Any], other: ConfigEntry) -> bool:
    """Tell whether ``other`` is the account of ``data`` (identity ``unique_id``), or signs in the same way."""
    return same_sign_in(data, other.data) or (unique_id is not None and other.unique_id == unique_id)


async def _async_unspeakable_voices(hass: HomeAssistant, entry: ConfigEntry, data: Mapping[str, Any]) -> list[str]:
    """Return the titles of ``entry``'s voices that the account of ``data`` (e.g. another region) cannot speak."""
    unspeakable = []
    async with provider_of(data, async_get_clientsession(hass)) as provider:  # answers from memory
        for subentry in entry.subentries.values():
            try:
                provider.audio_format(VoiceSettings.from_data(subentry.data).synthesis_options())
            except TtsError:
                unspeakable.append(subentry.title)
    return unspeakable


def _sign_in(sign_in_id: str) -> tuple[Cloud, SignIn] | None:
    """Return the cloud and way to sign in of ``sign_in_id`` among the registered clouds."""
    return next(((spec, s) for spec in clouds() for s in spec.sign_ins if s.id == sign_in_id), None)


def _account_schema(spec: Cloud, sign_in: SignIn, shown: Mapping[str, Any] | None = None) -> vol.Schema:
    """Return the account form of ``sign_in``: region, credentials and endpoints.

    The endpoints are folded away unless ``shown`` (the form's input or the account's data, nested) has one.
    """
    endpoints_set = any((shown or {}).get(ADVANCED, {}).values())
    regions = list(spec.catalog.region_names)  # named in the user's language by the "region" translations
    region = SelectSelector(
        SelectSelectorConfig(options=regions, mode=SelectSelectorMode.DROPDOWN, translation_key=CONF_REGION)
    )
    fields: dict[vol.Marker, Any] = {vol.Required(CONF_REGION, default=spec.default_region): region}
    for field in sign_in.fields:
        marker = vol.Optional(field.key) if field.optional else vol.Required(field.key)
        fields[marker] = _SECRET if field.secret else _TEXT
    endpoints = {vol.Optional(key): _URL for key in spec.endpoints}
    fields[vol.Optional(ADVANCED)] = section(vol.Schema(endpoints), {"collapsed": not endpoints_set})
    return vol.Schema(fields)


def _flatten(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the form's input with the advanced section's fields at the top level."""
    data = {key: value for key, value in user_input.items() if key != ADVANCED}
    return data | {key: value for key, value in user_input.get(ADVANCED, {}).items() if value}


def _nest(spec: Cloud, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return entry data as the form holds it: endpoints in the advanced section."""
    nested = {key: value for key, value in data.items() if key not in spec.endpoints}
    return nested | {ADVANCED: {key: data[key] for key in spec.endpoints if key in data}}
