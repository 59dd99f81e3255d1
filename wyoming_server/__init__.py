"""Wyoming-protocol TTS server for the Cloud TTS engine (``python -m wyoming_server``).

The server itself is built in its own issue; this package exists so that the
engine and the server install together as the project describes.
"""
