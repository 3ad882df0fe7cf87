/**
 * stint for Jenkins: exchanges the build's OIDC ID token for a short-lived stint token and runs
 * the closure with STINT_TOKEN set (and masked); the token is gone when the closure ends.
 *
 *   stint(brokerUrl: 'https://stint.example.com', project: 'warehouse', credentialsId: 'stint-id-token') {
 *     sh 'curl -fsS -H "Authorization: Bearer $STINT_TOKEN" https://api.warehouse.example.com/'
 *   }
 *
 * Needs: the OpenID Connect Provider plugin (the ID token credential), Credentials Binding,
 * Pipeline Utility Steps (readJSON) and Mask Passwords. Help: vars/stint.txt.
 *
 * Security notes (why the code looks like this):
 *  - Every `sh` script is a single-quoted Groovy string: secrets are expanded by the shell from
 *    the environment, never interpolated by Groovy into the script text (which Jenkins records).
 *  - Parameters reach the shell through withEnv, so no value can inject a command.
 *  - The CLI prints the token only on stdout, which returnStdout captures instead of logging.
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
    "STINT_CLI_VERSION=${config.cliVersion ?: '0.1.0'}",
    "STINT_CLI_PATH=${config.cliPath ?: ''}",
  ]

  def granted = null
  withCredentials([string(credentialsId: credentialsId, variable: 'STINT_ID_TOKEN')]) {
    withEnv(params) {
      def answer = sh(label: 'stint exchange', returnStdout: true, script: '''#!/bin/sh
set -eu
stint() {
  if [ -n "${STINT_CLI_PATH:-}" ]; then
    case "${STINT_CLI_PATH}" in
      *.js | *.mjs | *.cjs) node "${STINT_CLI_PATH}" "$@" ;;
      *) "${STINT_CLI_PATH}" "$@" ;;
    esac
  else
    npx --yes "stint@${STINT_CLI_VERSION}" "$@"
  fi
}
set -- exchange --provider jenkins --broker "${STINT_BROKER_URL}" --project "${STINT_PROJECT}" --format json
if [ -n "${STINT_REQUEST_SCOPE:-}" ]; then set -- "$@" --scope "${STINT_REQUEST_SCOPE}"; fi
if [ -n "${STINT_REQUEST_TTL:-}" ]; then set -- "$@" --ttl "${STINT_REQUEST_TTL}"; fi
stint "$@"
''')
      granted = readJSON(text: answer)
    }
  }
  if (!(granted?.access_token instanceof String) || granted.access_token.isEmpty()) {
    error('stint: the exchange printed no token')
  }
  def token = granted.access_token
  // Mask first: from here on any echo of the token (or of the env) prints ********.
  wrap([$class: 'MaskPasswordsBuildWrapper', varPasswordPairs: [[var: 'STINT_TOKEN', password: token]]]) {
    withEnv([
      "STINT_TOKEN=${token}",
      "STINT_TOKEN_EXPIRES_AT=${granted.expires_at}",
      "STINT_SCOPE=${granted.scope}",
      "STINT_PROJECT=${granted.project}",
      "STINT_AUDIT_ID=${granted.audit_id}",
    ]) {
      body()
    }
  }
}
