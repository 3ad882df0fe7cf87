#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031  # each @test runs in a subshell of its own: its exports are meant to stay there
# The environment hook, in buildkite/plugin-tester's layout: run from the plugin's root with
# bats-support, bats-assert and bats-mock loaded from $BATS_PLUGIN_PATH/load.bash. The stint CLI
# and buildkite-agent are stubs; the release assets are small files served with file:// URLs.

setup() {
  load "${BATS_PLUGIN_PATH}/load.bash"
  export BUILDKITE_PLUGIN_STINT_BROKER_URL=https://stint.example.com
  export BUILDKITE_PLUGIN_STINT_PROJECT=warehouse
  export TMPDIR="${BATS_TEST_TMPDIR}"
}

# The agent sources the hook; so does this, then prints what the hook left for the command.
run_hook() {
  run bash -c '. "$1" && printf "after: STINT_TOKEN=%s STINT_SCOPE=%s\n" "${STINT_TOKEN:-}" "${STINT_SCOPE:-}"' hook "${PWD}/hooks/environment"
}

# A release asset: a node script that prints what `stint exchange --format shell` prints, or (when
# run at all) records that it ran.
write_asset() {
  printf '%s\n' "import { writeFileSync } from 'node:fs';" \
    "writeFileSync(process.env.BATS_TEST_TMPDIR + '/asset-ran', process.argv.slice(2).join(' '));" \
    "console.log(\"export STINT_TOKEN='tok-from-asset' STINT_SCOPE='read'\");" >"$1"
}

sha256_of() {
  node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$1"
}

@test "fails without broker-url and project" {
  unset BUILDKITE_PLUGIN_STINT_BROKER_URL
  run_hook
  assert_failure
  assert_output "stint plugin: broker-url and project are required"
}

@test "exchanges with the CLI at cli-path, exports the token and adds it to the redactor" {
  export BUILDKITE_PLUGIN_STINT_CLI_PATH="${BATS_MOCK_BINDIR}/stint"
  export BUILDKITE_PLUGIN_STINT_SCOPE="read write"
  export BUILDKITE_PLUGIN_STINT_TTL=10m
  stub stint "exchange --provider buildkite --broker https://stint.example.com --project warehouse --format shell --scope read?write --ttl 10m : echo \"export STINT_TOKEN='tok-123' STINT_SCOPE='read write'\""
  stub buildkite-agent "redactor add : cat > '${BATS_TEST_TMPDIR}/redacted'"

  run_hook
  assert_success
  assert_output --partial "after: STINT_TOKEN=tok-123 STINT_SCOPE=read write"
  assert_equal "$(cat "${BATS_TEST_TMPDIR}/redacted")" "tok-123"
  unstub stint
  unstub buildkite-agent
}

@test "a failed exchange fails the job before its command" {
  export BUILDKITE_PLUGIN_STINT_CLI_PATH="${BATS_MOCK_BINDIR}/stint"
  stub stint "exchange --provider buildkite --broker https://stint.example.com --project warehouse --format shell : echo 'stint: the broker denied a token for project warehouse' >&2; exit 1"

  run_hook
  assert_failure
  assert_output --partial "stint: the broker denied a token for project warehouse"
  assert_output --partial "stint plugin: exchange failed (see above)"
  refute_output --partial "after:"
  unstub stint
}

@test "with no release pinned and nothing set, fails closed and says what to set" {
  run_hook
  assert_failure
  assert_output --partial "stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with cli-path, or cli-url with cli-sha256"
  refute_output --partial "cli-version"
}

@test "refuses cli-version before npx runs: the npm name stint is not this project's yet" {
  mkdir -p "${BATS_TEST_TMPDIR}/npx-bin"
  printf '#!/bin/sh\ntouch "%s/npx-ran"\n' "${BATS_TEST_TMPDIR}" >"${BATS_TEST_TMPDIR}/npx-bin/npx"
  chmod +x "${BATS_TEST_TMPDIR}/npx-bin/npx"
  export PATH="${BATS_TEST_TMPDIR}/npx-bin:${PATH}"
  export BUILDKITE_PLUGIN_STINT_CLI_VERSION=1.2.3

  run_hook
  assert_failure
  assert_output --partial "stint: refusing to run stint@1.2.3 from npm: no release of stint is published there yet, so the npm name stint is not this project's and that package would be someone else's code, run with this job's secrets. Unset the npm version and say where the CLI comes from with cli-path, or cli-url with cli-sha256"
  assert_output --partial "stint plugin: exchange failed (see above)"
  refute_output --partial "after:"
  assert [ ! -e "${BATS_TEST_TMPDIR}/npx-ran" ]
}

@test "runs the release asset at cli-url when its SHA-256 is cli-sha256" {
  write_asset "${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs"
  export BUILDKITE_PLUGIN_STINT_CLI_URL="file://${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs"
  BUILDKITE_PLUGIN_STINT_CLI_SHA256="$(sha256_of "${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs")"
  export BUILDKITE_PLUGIN_STINT_CLI_SHA256
  stub buildkite-agent "redactor add : cat > /dev/null"

  run_hook
  assert_success
  assert_output --partial "after: STINT_TOKEN=tok-from-asset STINT_SCOPE=read"
  assert_equal "$(cat "${BATS_TEST_TMPDIR}/asset-ran")" "exchange --provider buildkite --broker https://stint.example.com --project warehouse --format shell"
  unstub buildkite-agent
}

@test "refuses an asset whose SHA-256 is not the pinned one, before it runs" {
  write_asset "${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs"
  export BUILDKITE_PLUGIN_STINT_CLI_URL="file://${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs"
  got="$(sha256_of "${BATS_TEST_TMPDIR}/stint-cli-1.0.0.mjs")"
  export BUILDKITE_PLUGIN_STINT_CLI_SHA256=0000000000000000000000000000000000000000000000000000000000000000

  run_hook
  assert_failure
  assert_output --partial "stint: refusing to run the stint CLI from ${BUILDKITE_PLUGIN_STINT_CLI_URL}: its SHA-256 is ${got}, but ${BUILDKITE_PLUGIN_STINT_CLI_SHA256} is pinned."
  refute_output --partial "after:"
  [ ! -e "${BATS_TEST_TMPDIR}/asset-ran" ]
}

@test "refuses a pinned digest that is not 64 lowercase hex digits" {
  export BUILDKITE_PLUGIN_STINT_CLI_URL="file://${BATS_TEST_TMPDIR}/none.mjs"
  export BUILDKITE_PLUGIN_STINT_CLI_SHA256=ABC

  run_hook
  assert_failure
  assert_output --partial "stint: the pinned SHA-256 of the stint CLI must be 64 lowercase hex digits"
}

@test "refuses a relative cli-path: the hook runs before the checkout, so it names nothing yet" {
  export BUILDKITE_PLUGIN_STINT_CLI_PATH=vendor/stint/dist/cli/index.js

  run_hook
  assert_failure
  assert_output --partial "stint plugin: cli-path vendor/stint/dist/cli/index.js is not an absolute path to a file on this agent. The plugin exchanges in its environment hook, before the checkout, so a path in the repository does not exist yet: install the CLI on the agent (for example /opt/stint/dist/cli/index.js), or use cli-url with cli-sha256"
  refute_output --partial "after:"
}

@test "refuses an absolute cli-path that is not a file on the agent" {
  export BUILDKITE_PLUGIN_STINT_CLI_PATH="${BATS_TEST_TMPDIR}/opt/stint/dist/cli/index.js"

  run_hook
  assert_failure
  assert_output --partial "stint plugin: cli-path ${BATS_TEST_TMPDIR}/opt/stint/dist/cli/index.js is not an absolute path to a file on this agent."
  refute_output --partial "after:"
}
