"""Wyoming-protocol TTS server for Alibaba Cloud Model Studio and Huawei Cloud SIS voices.

Run ``python -m wyoming_server --uri tcp://0.0.0.0:10200 --provider dashscope``
(secrets from the environment); Home Assistant's Wyoming integration, or any
satellite, then speaks with every voice of the configured accounts, streaming
text in and audio out.
"""
