#!/bin/bash
# stint orb, command exchange: trade this job's OIDC token for STINT_TOKEN and hand it to the
# later steps through $BASH_ENV (which CircleCI's bash sources at the start of every step).
# Parameters arrive as PARAM_* variables, never pasted into this text.
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

if [[ -z "${PARAM_BROKER_URL:-}" || -z "${PARAM_PROJECT:-}" ]]; then
  echo "stint: the broker-url and project parameters are required" >&2
  exit 2
fi
if [[ -z "${BASH_ENV:-}" ]]; then
  echo "stint: BASH_ENV is not set; run this command in a CircleCI job" >&2
  exit 1
fi

args=(exchange --provider circleci --id-token-env "${PARAM_ID_TOKEN_ENV:-CIRCLE_OIDC_TOKEN_V2}"
  --broker "${PARAM_BROKER_URL}" --project "${PARAM_PROJECT}" --format shell)
if [[ -n "${PARAM_SCOPE:-}" ]]; then args+=(--scope "${PARAM_SCOPE}"); fi
if [[ -n "${PARAM_TTL:-}" ]]; then args+=(--ttl "${PARAM_TTL}"); fi

# The export lines hold the token: keep them in a variable, never on the log.
if ! exports="$(stint "${args[@]}")"; then
  echo "stint: exchange failed (see above); nothing was exported" >&2
  exit 1
fi
umask 077
printf '%s\n' "${exports}" >>"${BASH_ENV}"
chmod 600 "${BASH_ENV}"
echo "stint: STINT_TOKEN is set for the following steps of this job"
