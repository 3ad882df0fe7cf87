import { parseArgs } from 'node:util';
import { StintError, UsageError } from '../../lib/errors.js';
import { unmaskableReason } from '../../mask/forms.js';
import { readRequestArgs } from '../../signing/request-input.js';
import { type SendOptions, sendSigned } from '../../signing/send.js';
import { defaultSignDeps } from '../../signing/sign.js';
import type { SignedRequest } from '../../signing/types.js';
import { maskInGitHubStep } from '../github-mask.js';
import { type Command, writeData, writeLine } from '../io.js';
import { warnUncoveredQuery } from './sign.js';

const HELP = `Usage: stint request NAME METHOD URL [--body-file F | --body S] [--header "Name: value"]...
                     [--config FILE] [--timeout SECONDS]

Signs a request with signing profile NAME (for mtls: presents its client certificate and its
chain, and sends the profile's servername as SNI; the URL must be https://) and sends it. Prints the response body; exits 1 when the status is 400 or more (the status goes
to stderr). Redirects are not followed: a 3xx exits 0 with a note on stderr saying where it points. Profiles come from --config FILE or $STINT_CONFIG.
In GitHub Actions (GITHUB_ACTIONS=true) the credential the request carries (a bearer token, JWT or
access token; an Authorization value given with --header) is first registered with the runner
for masking (::add-mask:: lines on stderr), in case the server echoes it back.

  --body S          the body, as given
  --body-file F     the body, read from F as bytes (- for stdin)
  --header "K: V"   a request header (repeatable)
  --timeout S       give up after S seconds (default 30)`;

/** `stint request`: signs and sends one request, prints the response body. */
export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      body: { type: 'string' },
      'body-file': { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const [name, method, url, ...extra] = positionals;
  if (name === undefined || method === undefined || url === undefined || extra.length > 0)
    throw new UsageError(`stint request takes NAME METHOD URL\n\n${HELP}`);
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be a positive number of seconds (got ${values.timeout})`);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new UsageError(`URL must start with http:// or https:// (got ${url.split('?')[0]})`);

  const { headers, body, profile } = await readRequestArgs(name, values, io);
  // In a GitHub Actions step, every credential the request carries is registered for masking once
  // it is known (an access token is fetched while signing) and before the request goes out: a
  // server that echoes the request back would otherwise put it in the log with the body.
  const options: SendOptions = {
    timeoutMs: timeout * 1000,
    onSigned: (signed) => {
      if (io.env.GITHUB_ACTIONS === 'true') maskInGitHubStep(io, carriedCredentials(signed, headers));
    },
  };
  if (profile.type === 'mtls') {
    // Over http:// there is no handshake to present the certificate in: the request would go out
    // in clear, unauthenticated, and a server that answers it anyway would look like success.
    const target = new URL(url);
    if (target.protocol !== 'https:')
      throw new UsageError(
        `profile "${name}" is mtls: its client certificate is only sent over TLS, so the URL must start with https:// (got ${target.origin}${target.pathname})`,
      );
    const { loadClientCertificate } = await import('../../signing/mtls.js');
    const { warnings, ...tls } = await loadClientCertificate(
      profile as unknown as Parameters<typeof loadClientCertificate>[0],
    );
    // The same warnings the action gives (a certificate expiring within 14 days), for every CI.
    for (const warning of warnings) writeLine(io.stderr, `stint: warning: ${warning}`);
    options.tls = tls;
  }
  warnUncoveredQuery(profile, url, io);
  const response = await sendSigned(
    profile,
    { method: method.toUpperCase(), url, headers, body },
    { ...defaultSignDeps, env: io.env },
    options,
  );
  writeData(io.stdout, response.body);
  // Where the request went, for messages: never the query, which may carry a token.
  const where = new URL(url);
  const from = `from ${method.toUpperCase()} ${where.origin}${where.pathname}`;
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status >= 300 && response.status < 400 && response.status !== 304) {
    // Not a failure (exit 0: only ≥ 400 is), but not the answer either: say so rather than pass an
    // empty or stub body off as the response. Where it points, without the query (it may hold a token).
    const location = response.headers.location;
    const to = location && URL.canParse(location, url) ? new URL(location, url) : undefined;
    writeLine(
      io.stderr,
      `stint: ${status} ${from}: a redirect${to ? ` to ${to.origin}${to.pathname}` : ''}, not followed (stint request never follows one: the credential goes only to the host it was made for); request that URL if it is meant`,
    );
  }
  if (response.status >= 400) throw new StintError('ERR_HTTP_STATUS', `${status} ${from}`);
  return 0;
};

/** The headers whose value is a credential as it is (`Scheme credentials`, RFC 9110 §11.6.2). */
const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);

/**
 * The credentials a request carries that anyone who reads them can replay: the profile's (a bearer
 * token, a JWT, an OAuth access token: `signed.credential`), and those in Authorization and
 * Proxy-Authorization values given with --header (`Scheme credentials`: what follows the scheme;
 * a value without one is left alone rather than guessed at, which could blank a common word all
 * over the log). A signature (hmac, http-signature) is not one: it proves this request only and
 * can be used for no other; mtls sends no secret (its key never leaves the machine).
 */
function carriedCredentials(signed: SignedRequest, given: Record<string, string>): string[] {
  const credentials = signed.credential === undefined ? [] : [signed.credential];
  for (const [name, value] of Object.entries(given)) {
    if (!AUTHORIZATION_HEADERS.has(name.toLowerCase())) continue;
    const credential = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ +(\S.*)$/.exec(value)?.[1];
    if (credential === undefined) continue;
    const unmaskable = unmaskableReason(credential);
    if (unmaskable !== undefined)
      throw new StintError(
        'ERR_SECRET_TOO_SHORT',
        `the ${name} header given with --header: ${unmaskable}; use a longer, random credential`,
      );
    credentials.push(credential);
  }
  return credentials;
}
