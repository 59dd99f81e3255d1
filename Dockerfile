# Wyoming TTS server for Alibaba Cloud Model Studio and Huawei Cloud SIS voices.
#   docker build -t wyoming-cloud-tts .
#   docker run -p 10200:10200 -e DASHSCOPE_API_KEY=sk-... wyoming-cloud-tts --provider dashscope --region cn-beijing
# Secrets come only from the environment (DASHSCOPE_API_KEY, HUAWEICLOUD_SDK_AK/SK, HUAWEICLOUD_IAM_*).
# docker-compose.yml shows the same with a restart policy.
FROM python:3.13.9-slim-trixie

LABEL org.opencontainers.image.title="wyoming-cloud-tts" \
      org.opencontainers.image.description="Wyoming TTS server for Alibaba Cloud Model Studio and Huawei Cloud SIS voices" \
      org.opencontainers.image.source="https://github.com/cloud-tts/cloud-tts" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="0.1.0"

WORKDIR /app
COPY addon/cloud_tts/requirements.txt pyproject.toml README.md LICENSE ./
COPY custom_components/cloud_tts/engine custom_components/cloud_tts/engine
COPY wyoming_server wyoming_server
# The dependencies at the versions the add-on pins too, then the project itself.
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.txt . \
    && useradd --system --no-create-home --uid 10200 tts

USER 10200
EXPOSE 10200
# Healthy once the server describes its voices over Wyoming, as Home Assistant asks it.
HEALTHCHECK --start-period=30s --interval=30s --timeout=10s --retries=3 \
    CMD ["python", "-m", "wyoming_server.healthcheck", "tcp://127.0.0.1:10200"]
ENTRYPOINT ["wyoming-cloud-tts", "--uri", "tcp://0.0.0.0:10200"]
CMD ["--provider", "dashscope"]
