/**
 * stint for Jenkins: exchanges the build's OIDC ID token for a short-lived stint token and runs
 * the closure with STINT_TOKEN set (and masked); when the closure ends, however it ends, the
 * token is revoked at the broker (a failure to revoke is a warning) and gone from the env.
 *
 *   stint(brokerUrl: 'https://stint.example.com', project: 'warehouse', credentialsId: 'stint-id-token') {
 *     sh 'curl -fsS -H "Authorization: Bearer $STINT_TOKEN" https://api.warehouse.example.com/'
 *   }
 *
 * Needs: the OpenID Connect Provider plugin (the ID token credential), Credentials Binding and
 * Mask Passwords. Help: vars/stint.txt.
 *
 * Security notes (why the code looks like this):
 *  - Every `sh` script is a single-quoted Groovy string: secrets are expanded by the shell from
 *    the environment, never interpolated by Groovy into the script text (which Jenkins records).
 *  - Parameters reach the shell through withEnv, so no value can inject a command.
 *  - The CLI prints the token only on stdout, which returnStdout captures instead of logging.
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
  // finally revokes it.
  def granted = [:]
  def revoked = false
  try {
    withCredentials([string(credentialsId: credentialsId, variable: 'STINT_ID_TOKEN')]) {
      withEnv(params) {
        def answer = sh(label: 'stint exchange', returnStdout: true, script: '#!/bin/sh\n' + cli + '''
set -eu
STINT_CLI_DIR="${STINT_CLI_DIR:-${WORKSPACE_TMP:-${TMPDIR:-/tmp}}/stint-cli}"
set -- exchange --provider jenkins --broker "${STINT_BROKER_URL}" --project "${STINT_PROJECT}" --format env
if [ -n "${STINT_REQUEST_SCOPE:-}" ]; then set -- "$@" --scope "${STINT_REQUEST_SCOPE}"; fi
if [ -n "${STINT_REQUEST_TTL:-}" ]; then set -- "$@" --ttl "${STINT_REQUEST_TTL}"; fi
stint "$@"
''')
        granted = parseExchange(answer)
      }
    }
    if (!granted.STINT_TOKEN) {
      error('stint: the exchange printed no token')
    }
    // Mask first: from here on any echo of the token (or of the env) prints ********.
    wrap([$class: 'MaskPasswordsBuildWrapper', varPasswordPairs: [[var: 'STINT_TOKEN', password: granted.STINT_TOKEN]]]) {
      withEnv(tokenEnv(granted)) {
        try {
          body()
        } finally {
          revoked = true
          revoke(params, cli)
        }
      }
    }
  } finally {
    // The block never got the token (masking or its environment failed): revoke it all the same.
    if (granted.STINT_TOKEN && !revoked) {
      withEnv(tokenEnv(granted)) {
        revoke(params, cli)
      }
    }
  }
}

/**
 * The exchange's `--format env` answer (NAME=value lines, no value holding a line break) as a
 * map. Plain string steps, no plugin (Pipeline Utility Steps' readJSON was one more thing that
 * could be missing after the token was issued) and no closure for Jenkins' CPS to trip on.
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

/** What the block sees: the token and what the broker said of it. */
private List tokenEnv(Map granted) {
  return [
    "STINT_TOKEN=${granted.STINT_TOKEN}",
    "STINT_TOKEN_EXPIRES_AT=${granted.STINT_TOKEN_EXPIRES_AT ?: ''}",
    "STINT_SCOPE=${granted.STINT_SCOPE ?: ''}",
    "STINT_PROJECT=${granted.STINT_PROJECT ?: ''}",
    "STINT_AUDIT_ID=${granted.STINT_AUDIT_ID ?: ''}",
    "STINT_BROKER_URL=${granted.STINT_BROKER_URL ?: ''}",
  ]
}

/** Revokes STINT_TOKEN at the broker. Best effort: a failure is a warning and never fails the build. */
private void revoke(List params, String cli) {
  try {
    withEnv(params) {
      def status = sh(label: 'stint revoke', returnStatus: true, script: '#!/bin/sh\n' + cli + '''
STINT_CLI_DIR="${STINT_CLI_DIR:-${WORKSPACE_TMP:-${TMPDIR:-/tmp}}/stint-cli}"
stint revoke
''')
      if (status != 0) {
        echo('stint: warning: the token was not revoked (see above); it stays valid until it expires')
      }
    }
  } catch (Exception failure) {
    echo("stint: warning: the token was not revoked: ${failure.message}")
  }
}
