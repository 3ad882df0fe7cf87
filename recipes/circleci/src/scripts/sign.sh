#!/bin/bash
# stint orb, command sign: write a signing profile's headers for one request to a 0600 file and
# export its path as STINT_HEADERS_FILE. Headers are never printed (a bearer profile is a credential).
set -euo pipefail

# Where the CLI comes from: the orb's cli-* parameters, read by the function below.
STINT_CLI_PATH="${PARAM_CLI_PATH:-}"
STINT_CLI_VERSION="${PARAM_CLI_VERSION:-}"
STINT_CLI_URL="${PARAM_CLI_URL:-}"
STINT_CLI_SHA256="${PARAM_CLI_SHA256:-}"
STINT_CLI_DIR="${TMPDIR:-/tmp}/stint-cli"

# stint CLI: where it comes from. The same text is in every stint recipe, which are published
# apart from each other (test/recipes/cli-source.test.ts keeps the copies equal to this file).
#   STINT_CLI_PATH     a stint CLI you provide: an executable, or a .js/.mjs/.cjs file run with node
#   STINT_CLI_VERSION  an npm version: refused. No stint release is on npm yet, so the npm name
#                      stint is not this project's, and stint@VERSION would be someone else's code
#   otherwise          the release asset at STINT_CLI_URL, run with node only when its SHA-256 is
#                      STINT_CLI_SHA256 (checked after the download and again before every run),
#                      kept in STINT_CLI_DIR (created 0700)
#   a file run with node needs Node.js 20.19+ or 22.12+ (package.json engines), checked first
stint() {
  stint_names="${STINT_CLI_SETTINGS:-cli-path, or cli-url with cli-sha256}"
  if [ -n "${STINT_CLI_PATH:-}" ]; then
    case "${STINT_CLI_PATH}" in
      *.js | *.mjs | *.cjs) stint_cli_node && node "${STINT_CLI_PATH}" "$@" ;;
      *) "${STINT_CLI_PATH}" "$@" ;;
    esac
  elif [ -n "${STINT_CLI_VERSION:-}" ]; then
    echo "stint: refusing to run stint@${STINT_CLI_VERSION} from npm: no release of stint is published there yet, so the npm name stint is not this project's and that package would be someone else's code, run with this job's secrets. Unset the npm version and say where the CLI comes from with ${stint_names}" >&2
    return 1
  else
    stint_cli_file="$(stint_cli_fetch)" || return 1
    node "${stint_cli_file}" "$@"
  fi
}

# Succeeds when the node on PATH runs the stint CLI: 20.19 or later 20.x, or 22.12 or later (the
# CLI uses APIs older releases lack, such as process.getBuiltinModule); else says what it found.
stint_cli_node() {
  stint_node="$(node --version 2>/dev/null)" || stint_node=""
  stint_major="${stint_node#v}"
  stint_major="${stint_major%%.*}"
  stint_minor="${stint_node#v*.}"
  stint_minor="${stint_minor%%.*}"
  case "${stint_major}.${stint_minor}" in
    *[!0-9.]* | .* | *.) ;;
    *)
      if [ "${stint_major}" -gt 22 ] || { [ "${stint_major}" -eq 22 ] && [ "${stint_minor}" -ge 12 ]; } ||
        { [ "${stint_major}" -eq 20 ] && [ "${stint_minor}" -ge 19 ]; }; then
        return 0
      fi
      ;;
  esac
  echo "stint: the stint CLI needs Node.js 20.19+ or 22.12+ on PATH; found ${stint_node:-no node}" >&2
  return 1
}

stint_cli_sha256() {
  node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$1"
}

# Prints STINT_CLI_DIR (default $TMPDIR/stint-cli), made a 0700 directory of this user, not a link.
stint_cli_dir() {
  stint_dir="${STINT_CLI_DIR:-${TMPDIR:-/tmp}/stint-cli}"
  if ! mkdir -p "${stint_dir}" || [ -L "${stint_dir}" ] || [ ! -O "${stint_dir}" ] || ! chmod 700 "${stint_dir}"; then
    echo "stint: ${stint_dir} is not a directory this user owns; set STINT_CLI_DIR to one" >&2
    return 1
  fi
  echo "${stint_dir}"
}

# Prints the path of the verified release asset; fails closed on anything else. Names the settings
# to use from stint_names, which stint() sets (STINT_CLI_SETTINGS when it runs alone).
stint_cli_fetch() {
  if [ -z "${STINT_CLI_URL:-}" ] || [ -z "${STINT_CLI_SHA256:-}" ]; then
    echo "stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with ${stint_names:-${STINT_CLI_SETTINGS:-cli-path, or cli-url with cli-sha256}}" >&2
    return 1
  fi
  if [ "${#STINT_CLI_SHA256}" -ne 64 ] || [ -n "$(printf '%s' "${STINT_CLI_SHA256}" | tr -d 0-9a-f)" ]; then
    echo "stint: the pinned SHA-256 of the stint CLI must be 64 lowercase hex digits (as in the release's SHA256SUMS)" >&2
    return 1
  fi
  stint_cli_node || return 1
  stint_dir="$(stint_cli_dir)" || return 1
  stint_file="${stint_dir}/stint-${STINT_CLI_SHA256}.mjs"
  if [ -f "${stint_file}" ] && [ "$(stint_cli_sha256 "${stint_file}")" = "${STINT_CLI_SHA256}" ]; then
    echo "${stint_file}"
    return 0
  fi
  if ! command -v curl >/dev/null 2>&1; then
    echo "stint: downloading the stint CLI needs curl on PATH" >&2
    return 1
  fi
  rm -f "${stint_file}" "${stint_file}.part"
  if ! curl -fsSL --retry 3 -o "${stint_file}.part" "${STINT_CLI_URL}"; then
    rm -f "${stint_file}.part"
    echo "stint: could not download the stint CLI from ${STINT_CLI_URL}" >&2
    return 1
  fi
  stint_got="$(stint_cli_sha256 "${stint_file}.part")"
  if [ "${stint_got}" != "${STINT_CLI_SHA256}" ]; then
    rm -f "${stint_file}.part"
    echo "stint: refusing to run the stint CLI from ${STINT_CLI_URL}: its SHA-256 is ${stint_got}, but ${STINT_CLI_SHA256} is pinned. It is not the release this job pins; check the URL and the digest (the release's SHA256SUMS)" >&2
    return 1
  fi
  mv -f "${stint_file}.part" "${stint_file}"
  echo "${stint_file}"
}

if [[ -z "${PARAM_PROFILE:-}" || -z "${PARAM_URL:-}" ]]; then
  echo "stint: the profile and url parameters are required" >&2
  exit 2
fi

args=(sign "${PARAM_PROFILE}" --method "${PARAM_METHOD:-POST}" --url "${PARAM_URL}" --format "${PARAM_FORMAT:-headers}")
if [[ -n "${PARAM_BODY_FILE:-}" ]]; then args+=(--body-file "${PARAM_BODY_FILE}"); fi
if [[ -n "${PARAM_CONFIG:-}" ]]; then args+=(--config "${PARAM_CONFIG}"); fi

umask 077
if [[ -n "${PARAM_OUTPUT:-}" ]]; then
  output="${PARAM_OUTPUT}"
  output_dir="$(dirname "${output}")"
  mkdir -p "${output_dir}"
  # Not a link, and the directory this user's: else someone else could read or swap the file.
  if [[ -L "${output_dir}" || ! -O "${output_dir}" ]]; then
    echo "stint: ${output_dir} is not a directory this user owns (or it is a symbolic link); give an output in one that is" >&2
    exit 1
  fi
else
  # A private directory for this job (0700, this user's), reused by later sign steps and deleted
  # by stint/revoke at the end of the job.
  output_dir="${STINT_ORB_DIR:-}"
  if [[ -n "${output_dir}" && -e "${output_dir}" ]]; then
    if [[ -L "${output_dir}" || ! -d "${output_dir}" || ! -O "${output_dir}" ]]; then
      echo "stint: STINT_ORB_DIR (${output_dir}) is not a directory this user owns (or it is a symbolic link); refusing to write headers there" >&2
      exit 1
    fi
    chmod 700 "${output_dir}"
  else
    output_dir="$(mktemp -d "${TMPDIR:-/tmp}/stint-job.XXXXXXXX")"
  fi
  output="${output_dir}/headers"
fi
if [[ -L "${output}" ]] || { [[ -e "${output}" ]] && [[ ! -O "${output}" ]]; }; then
  echo "stint: ${output} is a symbolic link or not this user's file; refusing to write headers to it" >&2
  exit 1
fi
# A new file (noclobber opens it O_EXCL), so a link planted after the check is refused too.
rm -f "${output}"
if ! (set -o noclobber && stint "${args[@]}" >"${output}"); then
  rm -f "${output}"
  exit 1
fi
if [[ -n "${BASH_ENV:-}" ]]; then
  {
    printf 'export STINT_HEADERS_FILE=%q\n' "${output}"
    if [[ -z "${PARAM_OUTPUT:-}" ]]; then printf 'export STINT_ORB_DIR=%q\n' "${output_dir}"; fi
    # stint/revoke deletes every headers file of the job.
    printf 'STINT_ORB_HEADERS+=(%q)\n' "${output}"
  } >>"${BASH_ENV}"
fi
echo "stint: headers for ${PARAM_PROFILE} written to ${output}"
