"""The engine's version, sent to services as its user agent."""

__version__ = "0.1.0"
USER_AGENT = f"cloud-tts/{__version__}"
