"""Cloud TTS for Home Assistant: Alibaba Model Studio and Huawei Cloud SIS voices.

The provider engine lives in :mod:`.engine`; the config flow and the TTS entity
that use it come with the integration's own issue.
"""

DOMAIN = "cloud_tts"
