#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# Start the Wyoming server with the add-on's options, then tell Home Assistant where it is once it answers.
# Secrets go to the environment, never to flags (flags show in the process list).
set -euo pipefail
readonly PORT=10200 READY_WITHIN=120

export DASHSCOPE_API_KEY DASHSCOPE_WORKSPACE HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK \
    HUAWEICLOUD_IAM_DOMAIN HUAWEICLOUD_IAM_USER HUAWEICLOUD_IAM_PASSWORD
DASHSCOPE_API_KEY=$(bashio::config 'dashscope_api_key' '')
DASHSCOPE_WORKSPACE=$(bashio::config 'dashscope_workspace' '')
HUAWEICLOUD_SDK_AK=$(bashio::config 'huawei_access_key' '')
HUAWEICLOUD_SDK_SK=$(bashio::config 'huawei_secret_key' '')
HUAWEICLOUD_IAM_DOMAIN=$(bashio::config 'huawei_iam_domain' '')
HUAWEICLOUD_IAM_USER=$(bashio::config 'huawei_iam_user' '')
HUAWEICLOUD_IAM_PASSWORD=$(bashio::config 'huawei_iam_password' '')

args=(--uri "tcp://0.0.0.0:${PORT}" --provider "$(bashio::config 'provider')" --region "$(bashio::config 'region')"
    --speed "$(bashio::config 'speed')" --pitch "$(bashio::config 'pitch')" --volume "$(bashio::config 'volume')")
for name in model voice endpoint iam_endpoint project_id; do
    if bashio::config.has_value "${name}"; then
        args+=("--${name//_/-}" "$(bashio::config "${name}")")
    fi
done
if [[ "$(bashio::config 'sample_rate' '0')" != 0 ]]; then
    args+=(--sample-rate "$(bashio::config 'sample_rate')")
fi
if bashio::config.true 'debug'; then
    args+=(--debug)
fi
# The Supervisor's log adds the time.
args+=(--log-format '%(levelname)s %(name)s: %(message)s')

wyoming-cloud-tts "${args[@]}" &
server=$!
trap 'kill -TERM "${server}" 2>/dev/null' TERM INT

# Home Assistant asks a discovered server to describe itself at once: announce it only when it answers.
deadline=$((SECONDS + READY_WITHIN)) ready=false
while kill -0 "${server}" 2>/dev/null && ((SECONDS < deadline)); do
    if python -m wyoming_server.healthcheck "tcp://127.0.0.1:${PORT}" 2>/dev/null; then
        ready=true
        break
    fi
    sleep 1
done
if [[ "${ready}" == true ]]; then
    if bashio::discovery 'wyoming' "$(bashio::var.json uri "tcp://$(hostname):${PORT}")" >/dev/null; then
        bashio::log.info "Home Assistant was told about the server at tcp://$(hostname):${PORT}"
    else
        bashio::log.warning "Telling Home Assistant about the server failed: add the Wyoming integration by hand"
    fi
elif kill -0 "${server}" 2>/dev/null; then
    bashio::log.warning "The server did not answer within ${READY_WITHIN} s: Home Assistant was not told about it"
fi
wait "${server}"  # its exit status is the add-on's (a wrong option: one line naming it, above)
