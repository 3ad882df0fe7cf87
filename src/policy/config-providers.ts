import { sendsInClear } from '../lib/loopback.js';
import { redactUrl } from '../lib/url-credentials.js';
import {
  ciDescriptor,
  defaultAlgorithms,
  defaultIssuer,
  describeIssuer,
  isProviderKind,
  PROVIDER_KINDS,
  type ProviderKind,
  sharedIssuerKind,
} from '../providers/index.js';
import { CONFIG_NAME, parseHttpUrl } from './config-values.js';
import { ASYMMETRIC_ALGORITHMS } from './defaults.js';
import { providerAudienceProblem } from './provider-audience.js';
import type { ProviderConfig } from './types.js';
import type { Entry, YamlNode, YamlReader } from './yaml-reader.js';

const PROVIDER_KEYS = ['kind', 'issuer', 'audience', 'algorithms', 'allow_insecure'];

/**
 * `providers:`: the CI issuers the broker trusts, by the name rules use. `kind` defaults to the
 * name when that is a CI stint knows; `issuer` to the CI's one public issuer where it has one;
 * `audience` to the broker's issuer; `algorithms` to what the CI signs with.
 */
export function readProviders(
  reader: YamlReader,
  entry: Entry | undefined,
  brokerIssuer: string,
  root: YamlNode,
): Record<string, ProviderConfig> {
  // Null-prototype records: a name such as `toString` or `__proto__` is only ever a key.
  const providers: Record<string, ProviderConfig> = Object.create(null) as Record<string, ProviderConfig>;
  if (!entry) {
    reader.error(
      root,
      'ERR_CONFIG_INVALID',
      "missing 'providers': the CI issuers to trust, e.g. providers: { github: { issuer: https://token.actions.githubusercontent.com } }",
    );
    return providers;
  }
  const entries = reader.map(entry.value, 'providers');
  if (!entries) return providers;
  if (entries.size === 0)
    reader.error(entry.key, 'ERR_CONFIG_INVALID', 'providers is empty: configure at least one CI issuer');
  const byIssuer = new Map<string, string>();
  for (const [name, { key, value }] of entries) {
    const where = `providers.${name}`;
    if (!CONFIG_NAME.test(name)) {
      reader.error(
        key,
        'ERR_CONFIG_INVALID',
        `provider name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`,
      );
      continue;
    }
    const fields = value === null ? new Map<string, Entry>() : reader.map(value, where, PROVIDER_KEYS);
    if (!fields) continue;

    const kindEntry = fields.get('kind');
    const kindText = kindEntry ? reader.string(kindEntry.value, `${where}.kind`) : name;
    if (kindText === undefined) continue;
    if (!isProviderKind(kindText)) {
      reader.error(
        kindEntry?.value ?? key,
        'ERR_CONFIG_INVALID',
        kindEntry
          ? `${where}.kind '${kindText}' is not a CI stint knows; use one of ${PROVIDER_KINDS.join(', ')}`
          : `${where} needs kind: (one of ${PROVIDER_KINDS.join(', ')}), since '${name}' is not a CI stint knows`,
      );
      continue;
    }
    const kind = kindText;

    const allowInsecureEntry = fields.get('allow_insecure');
    const allowInsecure = allowInsecureEntry
      ? (reader.boolean(allowInsecureEntry.value, `${where}.allow_insecure`) ?? false)
      : false;

    const issuerEntry = fields.get('issuer');
    let issuer = issuerEntry ? reader.string(issuerEntry.value, `${where}.issuer`) : defaultIssuer(kind);
    if (issuer === undefined && !issuerEntry) {
      reader.error(
        key,
        'ERR_CONFIG_INVALID',
        `${where} needs issuer: ${kind} has no single public issuer (${issuerHint(kind)})`,
      );
    }
    if (issuer !== undefined) {
      const url = parseHttpUrl(issuer);
      const node = issuerEntry?.value ?? key;
      const sharer = sharedIssuerKind(issuer);
      if (url === undefined) {
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `${where}.issuer '${redactUrl(issuer, { user: false })}' must be an absolute https URL`,
        );
        issuer = undefined;
      } else if (url.username !== '' || url.password !== '') {
        // An ID token's iss never carries user info, so no token would match; and the file would
        // hold a password that every start then logs.
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `${where}.issuer must not carry a user name or password (an ID token's iss never does); give the issuer alone, e.g. ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`,
        );
        issuer = undefined;
      } else if (/[?#]/.test(issuer)) {
        // OpenID Connect Discovery §3: an issuer is a URL "with no query or fragment components",
        // so no token's iss would match; and what follows '?' is often a token pasted with it.
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `${where}.issuer must not carry a query or a fragment (an OIDC issuer never does); give the issuer alone, e.g. ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`,
        );
        issuer = undefined;
      } else if (url.protocol !== 'https:' && !allowInsecure) {
        reader.error(
          node,
          'ERR_PROVIDER_INSECURE',
          `${where}.issuer '${issuer}' is not https; CI issuers must be https (allow_insecure: true is for local tests only)`,
        );
      } else if (sharer !== undefined && sharer !== kind) {
        // The owner check under a shared issuer follows the issuer: declared as another CI, a
        // wildcard rule would let every customer of that issuer in.
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `${where}.issuer '${issuer}' issues tokens to every ${sharer} customer, but ${where} is kind ${kind}: set kind: ${sharer} (its rules must then name a literal owner)`,
        );
      } else if (sendsInClear(url)) {
        reader.warn(
          node,
          'WARN_PROVIDER_INSECURE',
          `${where}.issuer '${issuer}' is plain http on a non-loopback host: anyone on the network path to it can serve the broker their own keys and forge any ${kind} identity; give the issuer's https URL and drop allow_insecure (it is for local tests only)`,
        );
      } else if (!allowInsecure && describeIssuer(kind, issuer) === undefined) {
        reader.warn(
          node,
          'WARN_ISSUER_SHAPE',
          `${where}.issuer '${issuer}' does not look like a ${kind} issuer (${issuerHint(kind)}); tokens are matched on the exact iss`,
        );
      }
      if (issuer !== undefined && byIssuer.has(issuer)) {
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `${where}.issuer '${issuer}' is already the issuer of provider '${byIssuer.get(issuer)}'; each issuer may be configured once`,
        );
      } else if (issuer !== undefined) byIssuer.set(issuer, name);
    }

    const audienceEntry = fields.get('audience');
    const audience = audienceEntry ? reader.string(audienceEntry.value, `${where}.audience`) : brokerIssuer;
    const fixed = issuer === undefined ? undefined : ciDescriptor(kind).claims.fixedAudience?.(issuer);
    const problem =
      audienceEntry !== undefined && audience !== undefined
        ? providerAudienceProblem(audience, issuer, brokerIssuer, fixed)
        : undefined;
    if (audienceEntry !== undefined && problem?.severity === 'error') {
      reader.error(
        audienceEntry.value,
        'ERR_PROVIDER_AUDIENCE_FOREIGN',
        `${where}.audience '${audience}' is ${problem.service}: an ID token a job gets with that audience is made for another service, and whoever receives or logs it could exchange it here; leave audience out (the broker's issuer '${brokerIssuer}') or name an audience only this broker accepts`,
      );
    } else if (audienceEntry !== undefined && problem?.severity === 'warning') {
      reader.warn(
        audienceEntry.value,
        'WARN_PROVIDER_AUDIENCE',
        `${where}.audience '${audience}' is not the broker's issuer '${brokerIssuer}': any service that is also given ID tokens with this audience could exchange them here; make sure only this broker is, or leave audience out to use the broker's issuer`,
      );
    }
    if (issuer !== undefined && audience !== undefined && fixed !== undefined && audience !== fixed) {
      // Found here rather than at the first job's exchange, which would be refused with this fix.
      reader.warn(
        audienceEntry?.value ?? key,
        'WARN_PROVIDER_AUDIENCE',
        `${where}.audience is ${audienceEntry ? `'${audience}'` : `not set, so it is the broker's issuer '${brokerIssuer}'`}, which no ${kind} ID token carries: ${ciDescriptor(kind).claims.audienceFix(audience, { name, issuer })}`,
      );
    }

    const algorithmsEntry = fields.get('algorithms');
    let algorithms = defaultAlgorithms(kind);
    if (algorithmsEntry) {
      const listed = reader.strings(algorithmsEntry.value, `${where}.algorithms`) ?? [];
      for (const { value: alg, node } of listed) {
        if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
          reader.error(
            node,
            'ERR_PROVIDER_ALGORITHM',
            `${where}.algorithms: '${alg}' is not allowed; CI tokens must be signed asymmetrically (${ASYMMETRIC_ALGORITHMS.join(', ')}); never none or HS*`,
          );
        }
      }
      if (listed.length > 0) algorithms = listed.map((a) => a.value);
    }
    providers[name] = {
      name,
      kind,
      issuer: issuer ?? '',
      audience: audience ?? brokerIssuer,
      algorithms,
      allow_insecure: allowInsecure,
    };
  }
  return providers;
}

/** The shapes `kind`'s issuer URLs take, for messages. */
function issuerHint(kind: ProviderKind): string {
  return ciDescriptor(kind).issuer.shapes;
}
