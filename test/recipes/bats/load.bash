# shellcheck shell=bash
# What buildkite/plugin-tester's $BATS_PLUGIN_PATH/load.bash gives a plugin's tests (bats-support,
# bats-assert, and bats-mock's stub/unstub), loaded from this repository's node_modules, so
# recipes/buildkite/tests/*.bats run unchanged here and in the plugin-tester image.
stint_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
load "${stint_root}/node_modules/bats-support/load.bash"
load "${stint_root}/node_modules/bats-assert/load.bash"
load "${stint_root}/node_modules/bats-mock/stub.bash"
# bats-mock keeps its stubs and plans in $BATS_TMPDIR, which bats 1.8 leaves at /tmp, shared by
# every run on the machine: keep them in this test's own directory instead.
BATS_MOCK_TMPDIR="${BATS_TEST_TMPDIR}"
BATS_MOCK_BINDIR="${BATS_MOCK_TMPDIR}/bin"
PATH="${BATS_MOCK_BINDIR}:${PATH}"
unset stint_root
