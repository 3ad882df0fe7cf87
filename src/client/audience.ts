/**
 * The audience of the CI's ID token when the user names none (DESIGN §3): the broker URL itself,
 * never a value the broker's answer chooses.
 *
 * Why: the ID token is a credential for whatever service its audience names. If the audience came
 * from the broker's discovery document, whoever answers at the broker URL (a hijacked or expired
 * domain, a compromised proxy) could name another service's audience (`sts.amazonaws.com`) and
 * receive a token that service accepts for this repository. Derived from the URL the user
 * configured, the token is only good at that URL. Discovery is still read, to refuse at once a
 * broker whose issuer is another URL (its tokens would be rejected anyway, and the mismatch is
 * either a misconfiguration or an attack) with a message that says what to set.
 */
import { StintError } from '../lib/errors.js';
import type { RetryOptions } from '../lib/retry.js';
import { ACTION_SETTINGS, type ClientSettings, discoverBroker, endpoint } from './broker-client.js';

/**
 * The broker URL as an audience: no query, fragment or trailing slash, host in lower case.
 * Throws `ERR_BROKER_URL_INVALID` for a URL the client refuses.
 *
 * @example
 * brokerAudience('https://Stint.example.com/') // 'https://stint.example.com'
 */
export function brokerAudience(brokerUrl: string): string {
  endpoint(brokerUrl, '');
  const url = new URL(brokerUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The default audience: `brokerAudience(brokerUrl)`, after checking the broker's discovery
 * document. A broker without one gets the URL; one whose `issuer` is the same URL gets it spelled
 * as the issuer (the broker compares `aud` exactly); one whose `issuer` is anything else is
 * refused with `ERR_BROKER_ISSUER_MISMATCH`, and no ID token is requested. The refusal names
 * the settings to change as `settings` calls them (default: the GitHub Action's inputs).
 *
 * @example
 * const audience = inputs.audience ?? (await defaultAudience(brokerUrl));
 */
export async function defaultAudience(
  brokerUrl: string,
  options: RetryOptions & { settings?: ClientSettings } = {},
): Promise<string> {
  const settings = options.settings ?? ACTION_SETTINGS;
  const audience = brokerAudience(brokerUrl);
  const discovery = await discoverBroker(brokerUrl, { ...options, settings });
  if (discovery === undefined) return audience;
  if (sameUrl(discovery.issuer, audience)) return discovery.issuer;
  throw new StintError(
    'ERR_BROKER_ISSUER_MISMATCH',
    `the broker at ${audience} names another issuer, ${JSON.stringify(discovery.issuer)}, so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set the broker URL (${settings.brokerUrl}) to the broker's issuer URL; if the broker is served at another address on purpose, set the audience explicitly (${settings.audience})`,
  );
}

/** Same scheme, host, port and path, ignoring a trailing slash and the host's case. */
function sameUrl(issuer: string, audience: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return false;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}` === audience;
}
