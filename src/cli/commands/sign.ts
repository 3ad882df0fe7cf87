import { parseArgs } from 'node:util';
import { UsageError } from '../../lib/errors.js';
import { shellQuote } from '../../lib/shell-quote.js';
import { uncoveredQuery } from '../../signing/http-signature.js';
import { readRequestArgs } from '../../signing/request-input.js';
import { defaultSignDeps, signRequest } from '../../signing/sign.js';
import type { SigningProfile } from '../../signing/types.js';
import { maskInGitHubStep } from '../github-mask.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const HELP = `Usage: stint sign NAME [--config FILE] [--method M] [--url URL] [--body-file F | --body S]
                  [--header "Name: value"]... [--format headers|json|curl]

Prints the headers that signing profile NAME adds to a request (it does not send it; see
\`stint request\`). Profiles come from --config FILE or $STINT_CONFIG: YAML or JSON with a
\`signing:\` map, secrets as secret_env/key_env/token_env references.

  --method M        request method (default POST)
  --url URL         absolute URL; required for http-signature and for a bearer query parameter
  --body S          the body to sign, as given
  --body-file F     the body to sign, read from F as bytes (- for stdin)
  --header "K: V"   a request header (repeatable); http-signature can cover it
  --format F        headers: "Name: value" lines (default); json: {"headers": {...}}, and on a
                    failure {"ok": false, "error": {"code", "message"}}; curl: -H 'Name: value'
                    arguments, quoted for a POSIX shell

For bearer, jwt and oauth2 profiles the header printed IS the credential: it goes to stdout
only, because you asked for it; keep it out of logs. In GitHub Actions (GITHUB_ACTIONS=true) it
is first registered with the runner for masking (::add-mask:: lines on stderr); other CIs do
not mask it.`;

/** `stint sign`: prints a profile's signature headers for a request described on the command line. */
export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      method: { type: 'string', default: 'POST' },
      url: { type: 'string' },
      body: { type: 'string' },
      'body-file': { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'headers' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new UsageError(`stint sign takes one profile name\n\n${HELP}`);
  const format = values.format;
  if (format !== 'headers' && format !== 'json' && format !== 'curl')
    throw new UsageError(`--format must be headers, json or curl (got ${format})`);

  if (values.url !== undefined && !URL.canParse(values.url))
    throw new UsageError(
      `--url must be an absolute URL such as https://api.example.com/path (got ${values.url.split('?')[0]})`,
    );
  const { headers, body, profile } = await readRequestArgs(name, values, io);
  if (profile.type === 'mtls')
    throw new UsageError(
      `profile "${name}" is mtls: it adds no headers; use stint request, or the cert-path/key-path files with curl --cert --key`,
    );
  const needsUrl = profile.type === 'http-signature' || (profile.type === 'bearer' && profile.query !== undefined);
  if (needsUrl && values.url === undefined)
    throw new UsageError(`profile "${name}" (${profile.type}) signs the URL: pass --url`);
  if (format === 'headers' && profile.type === 'bearer' && profile.query !== undefined) {
    throw new UsageError(`profile "${name}" puts its token in the URL, not a header: use --format json or curl`);
  }

  warnUncoveredQuery(profile, values.url, io);
  const signed = await signRequest(
    profile,
    { method: values.method.toUpperCase(), url: values.url ?? 'http://localhost/', headers, body },
    { ...defaultSignDeps, env: io.env },
  );
  // In a GitHub Actions step the runner masks what it is told to, before the credential is printed;
  // on stderr, so that `$(stint sign …)` captures only the headers (the runner reads both streams).
  if (signed.credential !== undefined) maskInGitHubStep(io, [signed.credential]);
  const entries = Object.entries(signed.headers);
  if (format === 'json') {
    writeLine(
      io.stdout,
      JSON.stringify(
        signed.url === undefined ? { headers: signed.headers } : { headers: signed.headers, url: signed.url },
      ),
    );
  } else if (format === 'curl') {
    const words = entries.flatMap(([k, v]) => ['-H', shellQuote(`${k}: ${v}`)]);
    if (signed.url !== undefined) words.push(shellQuote(signed.url));
    writeLine(io.stdout, words.join(' '));
  } else {
    for (const [k, v] of entries) writeLine(io.stdout, `${k}: ${v}`);
  }
  return 0;
};

/** `stint sign` and `stint request`: one warning on stderr when an http-signature leaves the URL's query unsigned. */
export function warnUncoveredQuery(profile: SigningProfile, url: string | undefined, io: CliIo): void {
  if (profile.type !== 'http-signature' || url === undefined) return;
  const warning = uncoveredQuery(profile, url);
  if (warning !== undefined) writeLine(io.stderr, `stint: warning: ${warning}`);
}
