import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StintError, UsageError } from '../../lib/errors.js';
import type { MtlsSetUp } from '../../signing/mtls.js';
import { maskInGitHubStep } from '../github-mask.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const HELP = `Usage: stint cert --broker URL [options]

Gets a short-lived client certificate from the broker's CA, outside GitHub Actions: makes a
private key and CSR here, sends the CSR with the stint token, and writes the certificate, the
key and the broker CA as 0600 files. The key never leaves this machine and is never printed.
The certificate expires no later than the stint token. In a GitHub Actions step
(GITHUB_ACTIONS=true) the key is first registered with the runner for masking (::add-mask::
lines on stderr).

Options:
  --broker URL          the stint broker (default $STINT_BROKER_URL)
  --token-env VAR       read the stint token from VAR (default STINT_TOKEN; set it with
                        exports="$(stint exchange …)" || exit 1; eval "$exports")
  --out DIR             where to write NAME.cert.pem, NAME.key.pem, NAME.ca.pem (made 0700;
                        an existing DIR that others can write is refused, or tightened when
                        it is yours; default a new directory under $RUNNER_TEMP or the
                        system temp dir)
  --name NAME           file name prefix (default client)
  --key-type ec|rsa     EC P-256 (default) or RSA 2048
  --json                print {cert_path, key_path, ca_path, subject, not_after, fingerprint, serial}
  -h, --help            this help

Example:
  exports="$(stint exchange --broker https://stint.example.com --project warehouse)" || exit 1
  eval "$exports"
  mtls="$(mktemp -d)/mtls"
  stint cert --broker https://stint.example.com --out "$mtls"
  curl --cert "$mtls/client.cert.pem" --key "$mtls/client.key.pem" https://internal.example.com/

Exit codes: 0 ok, 1 refused or failed, 2 usage error.`;

export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      broker: { type: 'string' },
      'token-env': { type: 'string', default: 'STINT_TOKEN' },
      out: { type: 'string' },
      name: { type: 'string', default: 'client' },
      'key-type': { type: 'string', default: 'ec' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const brokerUrl = values.broker ?? io.env.STINT_BROKER_URL;
  if (!brokerUrl) throw new UsageError('--broker URL is required (or set STINT_BROKER_URL)');
  if (!/^https?:\/\//.test(brokerUrl))
    throw new UsageError(`--broker must be an http(s) URL, got ${JSON.stringify(brokerUrl)}`);
  const keyType = values['key-type'];
  if (keyType !== 'ec' && keyType !== 'rsa')
    throw new UsageError(`--key-type must be ec or rsa, got ${JSON.stringify(keyType)}`);
  const name = values.name;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new UsageError('--name must be letters, digits, ., _ or - (at most 64)');
  const tokenEnv = values['token-env'];
  const token = io.env[tokenEnv];
  if (!token) {
    throw new StintError(
      'ERR_TOKEN_MISSING',
      `$${tokenEnv} is not set: get a stint token first, e.g. exports="$(stint exchange --broker ${brokerUrl} --project P)" || exit 1; eval "$exports"`,
    );
  }
  const dir =
    values.out !== undefined
      ? resolve(io.cwd, values.out)
      : await mkdtemp(join(io.env.RUNNER_TEMP || tmpdir(), 'stint-cert-'));

  const { setUpMtls } = await import('../../signing/mtls.js');
  // In a GitHub Actions step the key's lines are registered with the runner before the key file
  // exists and before anything is printed, as the action's mtls profile does (a later step that
  // runs `cat` on it, or a tool that quotes it, then shows ***).
  const setUp = await setUpMtls(
    { type: 'mtls', name, source: 'ephemeral', keyType },
    { brokerUrl, token, dir, onSecret: (keyPem) => maskInGitHubStep(io, [keyPem]) },
  );
  print(setUp, values.json, io.stdout);
  return 0;
};

/** Paths, subject, expiry and fingerprints only: never the key. */
function print(setUp: MtlsSetUp, json: boolean, stdout: CliIo['stdout']): void {
  const fields = {
    cert_path: setUp.certPath,
    key_path: setUp.keyPath,
    ca_path: setUp.caPath ?? null,
    subject: setUp.subject,
    not_after: setUp.notAfter,
    fingerprint: setUp.fingerprint,
    serial: setUp.serial,
  };
  if (json) {
    writeLine(stdout, JSON.stringify(fields));
    return;
  }
  const rows: Array<[string, string]> = [
    ['certificate', setUp.certPath],
    ['key', setUp.keyPath],
    ['ca', setUp.caPath ?? '-'],
    ['subject', setUp.subject],
    ['expires', setUp.notAfter],
    ['fingerprint', setUp.fingerprint],
    ['serial', setUp.serial],
  ];
  for (const [label, value] of rows) writeLine(stdout, `${label.padEnd(12)}${value}`);
}
