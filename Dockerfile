# Wyoming TTS server for Alibaba Cloud Model Studio and Huawei Cloud SIS voices.
#   docker build -t wyoming-cloud-tts .
#   docker run -p 10200:10200 -e DASHSCOPE_API_KEY=sk-... wyoming-cloud-tts --provider dashscope --region cn-beijing
# Secrets come only from the environment (DASHSCOPE_API_KEY, HUAWEICLOUD_SDK_AK/SK, HUAWEICLOUD_IAM_*).
FROM python:3.13-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY custom_components/cloud_tts/engine custom_components/cloud_tts/engine
COPY wyoming_server wyoming_server
RUN pip install --no-cache-dir . \
    && useradd --system --no-create-home --uid 10200 tts

USER tts
EXPOSE 10200
ENTRYPOINT ["wyoming-cloud-tts", "--uri", "tcp://0.0.0.0:10200"]
CMD ["--provider", "dashscope"]
