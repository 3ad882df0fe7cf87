#!/bin/bash
# stint orb, command sign: write a signing profile's headers for one request to a 0600 file and
# export its path as STINT_HEADERS_FILE. Headers are never printed (a bearer profile is a credential).
set -euo pipefail

stint() {
  if [[ -n "${PARAM_CLI_PATH:-}" ]]; then
    case "${PARAM_CLI_PATH}" in
      *.js | *.mjs | *.cjs) node "${PARAM_CLI_PATH}" "$@" ;;
      *) "${PARAM_CLI_PATH}" "$@" ;;
    esac
  else
    npx --yes "stint@${PARAM_CLI_VERSION:-0.1.0}" "$@"
  fi
}

if [[ -z "${PARAM_PROFILE:-}" || -z "${PARAM_URL:-}" ]]; then
  echo "stint: the profile and url parameters are required" >&2
  exit 2
fi

args=(sign "${PARAM_PROFILE}" --method "${PARAM_METHOD:-POST}" --url "${PARAM_URL}" --format "${PARAM_FORMAT:-headers}")
if [[ -n "${PARAM_BODY_FILE:-}" ]]; then args+=(--body-file "${PARAM_BODY_FILE}"); fi
if [[ -n "${PARAM_CONFIG:-}" ]]; then args+=(--config "${PARAM_CONFIG}"); fi

output="${PARAM_OUTPUT:-/tmp/stint/headers}"
umask 077
mkdir -p "$(dirname "${output}")"
stint "${args[@]}" >"${output}"
chmod 600 "${output}"
if [[ -n "${BASH_ENV:-}" ]]; then
  printf 'export STINT_HEADERS_FILE=%q\n' "${output}" >>"${BASH_ENV}"
fi
echo "stint: headers for ${PARAM_PROFILE} written to ${output}"
