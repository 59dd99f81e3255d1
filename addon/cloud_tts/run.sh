#!/bin/sh
# Map the add-on's options to the server's flags, and its secrets to the environment (never to flags).
set -eu
options=/data/options.json
get() { jq -r ".$1 // empty" "$options"; }

export DASHSCOPE_API_KEY="$(get dashscope_api_key)"
export DASHSCOPE_WORKSPACE="$(get dashscope_workspace)"
export HUAWEICLOUD_SDK_AK="$(get huawei_access_key)"
export HUAWEICLOUD_SDK_SK="$(get huawei_secret_key)"
export HUAWEICLOUD_IAM_DOMAIN="$(get huawei_iam_domain)"
export HUAWEICLOUD_IAM_USER="$(get huawei_iam_user)"
export HUAWEICLOUD_IAM_PASSWORD="$(get huawei_iam_password)"

# Tell Home Assistant where the server is (what the add-on base's "bashio::discovery" does); not fatal.
if [ -n "${SUPERVISOR_TOKEN:-}" ]; then
  curl -fsS -X POST http://supervisor/discovery -H "Authorization: Bearer $SUPERVISOR_TOKEN" \
    -H "Content-Type: application/json" \
    -d "{\"service\": \"wyoming\", \"config\": {\"uri\": \"tcp://$(hostname):10200\"}}" >/dev/null || true
fi

set -- --uri tcp://0.0.0.0:10200 --provider "$(get provider)" --region "$(get region)" \
  --speed "$(get speed)" --pitch "$(get pitch)" --volume "$(get volume)"
for name in model voice endpoint iam_endpoint project_id; do
  value=$(get "$name")
  [ -n "$value" ] && set -- "$@" "--$(echo "$name" | tr _ -)" "$value"
done
rate=$(get sample_rate)
[ -n "$rate" ] && [ "$rate" != 0 ] && set -- "$@" --sample-rate "$rate"
[ "$(get debug)" = true ] && set -- "$@" --debug
exec python3 -m wyoming_server "$@"
