#!/usr/bin/env bats
# The pre-exit hook, in buildkite/plugin-tester's layout (see environment.bats): it revokes the
# token, never fails the job, and leaves no token or downloaded CLI behind.

setup() {
  load "${BATS_PLUGIN_PATH}/load.bash"
  export BUILDKITE_PLUGIN_STINT_BROKER_URL=https://stint.example.com
  export BUILDKITE_PLUGIN_STINT_PROJECT=warehouse
  export BUILDKITE_PLUGIN_STINT_CLI_PATH="${BATS_MOCK_BINDIR}/stint"
  export STINT_BROKER_URL=https://stint.example.com
  export STINT_TOKEN=tok-123 STINT_TOKEN_EXPIRES_AT=2026-12-05T16:15:00.000Z STINT_PROJECT=warehouse
  export STINT_CLI_DIR="${BATS_TEST_TMPDIR}/stint-cli.job"
  mkdir -m 700 "${STINT_CLI_DIR}"
}

# The agent sources the hook; so does this, then prints what the hook left for later hooks.
run_hook() {
  run bash -c '. "$1"; status=$?; printf "after: status=%s STINT_TOKEN=%s STINT_PROJECT=%s\n" "${status}" "${STINT_TOKEN:-}" "${STINT_PROJECT:-}"' hook "${PWD}/hooks/pre-exit"
}

@test "revokes the token, then drops it and the job's CLI directory" {
  # shellcheck disable=SC2016  # the stub expands it, when it is called
  stub stint 'revoke : test "${STINT_TOKEN}" = tok-123 && echo "stint: revoked the token" >&2'

  run_hook
  assert_success
  assert_output --partial "stint: revoked the token"
  assert_output --partial "after: status=0 STINT_TOKEN= STINT_PROJECT="
  [ ! -e "${STINT_CLI_DIR}" ]
  unstub stint
}

@test "a revoke that fails is a warning, never a failed job" {
  stub stint 'revoke : echo "stint: could not reach the stint broker" >&2; exit 1'

  run_hook
  assert_success
  assert_output --partial "stint plugin: warning: the token was not revoked (see above); it stays valid until 2026-12-05T16:15:00.000Z"
  assert_output --partial "after: status=0 STINT_TOKEN= STINT_PROJECT="
  unstub stint
}

@test "without a token (the exchange failed or never ran), revokes nothing" {
  unset STINT_TOKEN
  stub stint

  run_hook
  assert_success
  refute_output --partial "revoking"
  assert_output --partial "after: status=0 STINT_TOKEN="
  unstub stint
}
