/**
 * stint for Jenkins: exchanges the build's OIDC ID token for a short-lived stint token, writes it
 * to a private file on the agent and runs the closure with STINT_ENV_FILE naming that file (the
 * closure's `sh` steps source it: `. "$STINT_ENV_FILE"`); when the closure ends, however it ends,
 * the token is revoked at the broker (a failure to revoke is a warning) and the file is deleted.
 *
 *   stint(brokerUrl: 'https://stint.example.com', project: 'warehouse', credentialsId: 'stint-id-token') {
 *     sh '. "$STINT_ENV_FILE" && printf "Authorization: Bearer %s" "$STINT_TOKEN" | curl -fsS -H @- https://api.warehouse.example.com/'
 *   }
 *
 * Needs: the OpenID Connect Provider plugin (the ID token credential), Credentials Binding and
 * Mask Passwords 3.2 or later (named mask patterns). Help: vars/stint.txt.
 *
 * Security notes (why the code looks like this):
 *  - The token never passes through Groovy. Jenkins records every step's arguments in the build's
 *    flow nodes (ArgumentsAction: builds/N/workflow/*.xml, then workflow-completed/flowNodeStore.xml)
 *    and Groovy variables in program.dat, and blanks only values of variables it knows are secret
 *    (those withCredentials binds). A token given to withEnv or to Mask Passwords'
 *    varPasswordPairs would be kept there in clear. So the exchange writes it to a 0600 file in a
 *    0700 directory under the workspace's @tmp; Groovy sees only that file's path and what is not
 *    secret (expiry, scope, project, audit ID, broker).
 *  - Mask Passwords masks by a pattern (any JWT, which a stint token is), not by the value.
 *  - Every `sh` script is a single-quoted Groovy string: values are expanded by the shell from
 *    the environment, never interpolated by Groovy into the script text (which Jenkins records).
 *  - Parameters reach the shell through withEnv, so no value can inject a command.
 *  - Where the CLI comes from is resources/stint/cli.sh (the same text as every stint recipe's):
 *    by default a pinned release asset, run only when its SHA-256 is the pinned one.
 */
def call(Map config = [:], Closure body) {
  def brokerUrl = config.brokerUrl
  def project = config.project
  if (!brokerUrl) {
    error('stint: brokerUrl is required, e.g. stint(brokerUrl: \'https://stint.example.com\', project: \'warehouse\') { ... }')
  }
  if (!project) {
    error('stint: project is required, e.g. stint(brokerUrl: \'https://stint.example.com\', project: \'warehouse\') { ... }')
  }
  def credentialsId = config.credentialsId ?: 'stint-id-token'
  def params = [
    "STINT_BROKER_URL=${brokerUrl}",
    "STINT_PROJECT=${project}",
    "STINT_REQUEST_SCOPE=${config.scope ?: ''}",
    "STINT_REQUEST_TTL=${config.ttl ?: ''}",
    // The release asset this library pins (set by each stint release; empty until the first).
    "STINT_CLI_URL=${config.cliUrl ?: ''}",
    "STINT_CLI_SHA256=${config.cliSha256 ?: ''}",
    "STINT_CLI_VERSION=${config.cliVersion ?: ''}",
    "STINT_CLI_PATH=${config.cliPath ?: ''}",
    'STINT_CLI_SETTINGS=the parameters cliPath, or cliUrl with cliSha256',
  ]
  // A shell function, not secret; the scripts below are single-quoted and only read the environment.
  def cli = libraryResource('stint/cli.sh')

  // From the moment the exchange returns, a token exists at the broker: everything after it,
  // masking included (a missing Mask Passwords plugin fails `wrap`), runs inside the try whose
  // finally revokes it. (The exchange script revokes it itself if it fails after the exchange.)
  def granted = [:]
  try {
    withCredentials([string(credentialsId: credentialsId, variable: 'STINT_ID_TOKEN')]) {
      withEnv(params) {
        def answer = sh(label: 'stint exchange', returnStdout: true, script: '#!/bin/sh\n' + cli + '''
set -eu
STINT_CLI_DIR="${STINT_CLI_DIR:-${WORKSPACE_TMP:-${TMPDIR:-/tmp}}/stint-cli}"
set -- exchange --provider jenkins --broker "${STINT_BROKER_URL}" --project "${STINT_PROJECT}" --format shell
if [ -n "${STINT_REQUEST_SCOPE:-}" ]; then set -- "$@" --scope "${STINT_REQUEST_SCOPE}"; fi
if [ -n "${STINT_REQUEST_TTL:-}" ]; then set -- "$@" --ttl "${STINT_REQUEST_TTL}"; fi
umask 077
stint_tmp="${WORKSPACE_TMP:-${TMPDIR:-/tmp}}"
mkdir -p "${stint_tmp}"
stint_dir="$(mktemp -d "${stint_tmp}/stint-token.XXXXXXXX")"
stint_file="${stint_dir}/env"
# A failure from here on leaves no file behind, and revokes a token that was issued.
stint_done=""
stint_cleanup() {
  if [ -z "${stint_done}" ]; then
    # shellcheck source=/dev/null
    if [ -s "${stint_file}" ]; then (. "${stint_file}" && stint revoke) >&2 || true; fi
    rm -f "${stint_file}"
    rmdir "${stint_dir}" 2>/dev/null || true
  fi
}
trap stint_cleanup EXIT
trap 'exit 1' HUP INT TERM
# The token goes to the file only: stdout, which Groovy gets, names the file and what is not secret.
stint "$@" > "${stint_file}"
# shellcheck source=/dev/null
. "${stint_file}"
if [ -z "${STINT_TOKEN:-}" ]; then
  echo 'stint: the exchange printed no token' >&2
  exit 1
fi
printf 'STINT_ENV_FILE=%s\\n' "${stint_file}"
printf 'STINT_TOKEN_EXPIRES_AT=%s\\n' "${STINT_TOKEN_EXPIRES_AT:-}"
printf 'STINT_SCOPE=%s\\n' "${STINT_SCOPE:-}"
printf 'STINT_PROJECT=%s\\n' "${STINT_PROJECT:-}"
printf 'STINT_AUDIT_ID=%s\\n' "${STINT_AUDIT_ID:-}"
printf 'STINT_BROKER_URL=%s\\n' "${STINT_BROKER_URL:-}"
stint_done=1
''')
        granted = parseExchange(answer)
      }
    }
    if (!granted.STINT_ENV_FILE) {
      error('stint: the exchange printed no token file')
    }
    // Mask before the block runs: from then on any compact JWT in the log (the token, traced by
    // `sh -x` when a script sources the file, or echoed; the ID token too) prints as ********. A
    // pattern, not the value: the pattern is not secret, and Jenkins records it with the step.
    // No capturing group (Mask Passwords masks only the groups of a pattern that has some).
    def jwtPattern = 'eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+'
    withEnv(blockEnv(granted)) {
      wrap([$class: 'MaskPasswordsBuildWrapper', varMaskRegexes: [[key: 'STINT_TOKEN', value: jwtPattern]]]) {
        body()
      }
    }
  } finally {
    if (granted.STINT_ENV_FILE) {
      revoke(params, cli, granted.STINT_ENV_FILE)
    }
  }
}

/**
 * The exchange script's answer (NAME=value lines, no value holding a line break) as a map. Plain
 * string steps, no plugin (Pipeline Utility Steps' readJSON was one more thing that could be
 * missing after the token was issued) and no closure for Jenkins' CPS to trip on.
 */
private Map parseExchange(String answer) {
  def values = [:]
  for (String line in answer.split('\n')) {
    int eq = line.indexOf('=')
    if (eq > 0) {
      values[line.substring(0, eq)] = line.substring(eq + 1)
    }
  }
  return values
}

/** What the block sees: the token's file and what the broker said of the token (none of it secret). */
private List blockEnv(Map granted) {
  return [
    "STINT_ENV_FILE=${granted.STINT_ENV_FILE}",
    "STINT_TOKEN_EXPIRES_AT=${granted.STINT_TOKEN_EXPIRES_AT ?: ''}",
    "STINT_SCOPE=${granted.STINT_SCOPE ?: ''}",
    "STINT_PROJECT=${granted.STINT_PROJECT ?: ''}",
    "STINT_AUDIT_ID=${granted.STINT_AUDIT_ID ?: ''}",
    "STINT_BROKER_URL=${granted.STINT_BROKER_URL ?: ''}",
  ]
}

/**
 * Revokes the token in the file at the broker, then deletes the file. Best effort: a failure is a
 * warning and never fails the build.
 */
private void revoke(List params, String cli, String file) {
  try {
    withEnv(params + ["STINT_ENV_FILE=${file}"]) {
      def status = sh(label: 'stint revoke', returnStatus: true, script: '#!/bin/sh\n' + cli + '''
STINT_CLI_DIR="${STINT_CLI_DIR:-${WORKSPACE_TMP:-${TMPDIR:-/tmp}}/stint-cli}"
if [ -s "${STINT_ENV_FILE}" ]; then
  # shellcheck source=/dev/null
  (. "${STINT_ENV_FILE}" && stint revoke)
  status=$?
else
  echo "stint: ${STINT_ENV_FILE} is gone or empty (the block must not delete it)" >&2
  status=1
fi
rm -f "${STINT_ENV_FILE}"
rmdir "$(dirname "${STINT_ENV_FILE}")" 2>/dev/null
exit "${status}"
''')
      if (status != 0) {
        echo('stint: warning: the token was not revoked (see above); it stays valid until it expires')
      }
    }
  } catch (Exception failure) {
    echo("stint: warning: the token was not revoked: ${failure.message}")
  }
}
