import type { ErrorCode } from '../lib/errors.js';
import { audienceKey } from '../policy/config-projects.js';
import type { BrokerConfig } from '../policy/types.js';
import { BrokerError, quoteInput as quote } from './http.js';

/** A request parameter that names the token's target: `project`, `resource` (RFC 8707) or `audience` (RFC 8693). */
export interface TargetParameter {
  name: 'project' | 'resource' | 'audience';
  value: string;
}

/**
 * The project a request's target parameters name together, or, when they name different projects,
 * the refusal (ERR_TARGET_CONFLICT) that the exchange answers once the ID token is verified.
 */
export type Target = { project: string } | { conflict: BrokerError };

/**
 * The project a request's target parameters name together (docs/broker.md#resource-indicators).
 * Each value may be a project name, `stint:<project>`, or an absolute URI that is a project's
 * `audience` (RFC 8707: the URL of the service the token is for). When several are given (RFC 8693
 * §2.1 allows `resource` and `audience` more than once) they must agree; a URI shared by several
 * projects (`shared_audience`) needs the project named beside it.
 *
 * A URI that no project serves is refused here, before the ID token is checked, as `invalid_target`
 * (RFC 8707 §2, RFC 8693 §2.2.2), so the client can correct it without spending its ID token. That
 * tells an unauthenticated caller which service URLs the broker issues for; RFC 9728 makes each
 * service publish that itself (its metadata names this broker), so it is not a secret. A name that
 * is no project is passed on and refused with the policy's generic denial after the token is checked.
 * Parameters that disagree are not refused here but returned as the `conflict` the exchange
 * answers after the ID token's signature, audience and times held (docs/broker.md#what-an-exchange-checks):
 * answered at once, a made-up token beside a guessed name and a project's public URL would learn
 * whether the name is that URL's project. So no answer to a caller without a valid ID token lists
 * project names or confirms one, and a conflict is refused the same whether a name is a project or not.
 *
 * @example
 * targetOf(config, [{ name: 'resource', value: 'https://api.warehouse.example.com' }]) // { project: 'warehouse' }
 */
export function targetOf(config: BrokerConfig, targets: readonly TargetParameter[]): Target {
  if (targets.length === 0) throw new Error('targetOf needs at least one target parameter');
  // Every value is read first, so a URL no project serves is refused before any conflict is.
  const named = targets.map((target) => ({ target, names: projectsNamedBy(config, target) }));
  let chosen = named[0]!;
  for (const { target, names } of named.slice(1)) {
    const both = chosen.names.filter((name) => names.includes(name));
    // Any two that disagree are refused alike, whether a name is a project or not, so the answer
    // never confirms that some other name is a project.
    if (both.length === 0) {
      return {
        conflict: invalidTarget(
          'ERR_TARGET_CONFLICT',
          `${chosen.target.name} ${quote(chosen.target.value)} and ${target.name} ${quote(target.value)} name different projects; give one, or several that agree`,
        ),
      };
    }
    chosen = { names: both, target: chosen.target };
  }
  if (chosen.names.length > 1) {
    const by = chosen.target;
    throw invalidTarget(
      'ERR_TARGET_AMBIGUOUS',
      `${by.name} ${quote(by.value)} is the audience of several projects (shared_audience); name the project too (${by.name === 'resource' ? 'audience or project' : 'project'}=<name>)`,
    );
  }
  return { project: chosen.names[0]! };
}

/**
 * targetOf's project, or its conflict thrown at once: for callers that have no token to check
 * first (tests, the benchmark).
 *
 * @example
 * projectFor(config, [{ name: 'resource', value: 'https://api.warehouse.example.com' }]) // 'warehouse'
 */
export function projectFor(config: BrokerConfig, targets: readonly TargetParameter[]): string {
  const target = targetOf(config, targets);
  if ('conflict' in target) throw target.conflict;
  return target.project;
}

/** The projects one value can mean; unknown names pass through (the policy refuses them later). */
function projectsNamedBy(config: BrokerConfig, target: TargetParameter): string[] {
  const { value } = target;
  if (Object.hasOwn(config.projects, value)) return [value];
  if (value.startsWith('stint:')) return [value.slice('stint:'.length)];
  const uri = absoluteUri(value);
  if (uri === undefined) return [value];
  // RFC 8707 §2: a resource indicator must not carry a fragment.
  if (value.includes('#')) {
    throw invalidTarget(
      'ERR_TARGET_INVALID',
      `${target.name} ${quote(value)} has a fragment (#…); give the service's URL without it`,
    );
  }
  const names = audienceIndex(config).named(value, uri);
  if (names.length === 0) {
    throw invalidTarget(
      'ERR_TARGET_UNKNOWN',
      `no project has the audience ${quote(value)}; give the URL exactly as the service's protected resource metadata names it (its "resource"), or the project name`,
    );
  }
  return names;
}

function absoluteUri(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

interface AudienceIndex {
  /** Projects whose audience is `value` exactly or the same URL as `uri` once normalised, in config order. */
  named(value: string, uri: URL): string[];
}

/** One index per config (a reload brings a new config object, and with it a new index). */
const indexes = new WeakMap<BrokerConfig, AudienceIndex>();

/**
 * The projects by audience, exact and normalised as WHATWG parsers do (case of scheme and host,
 * default port, an empty path as `/`), so `https://API.example.com` names
 * `https://api.example.com/`; the token still carries the project's audience exactly as
 * configured. Built once per config: a request costs the same with 10 projects or 100,000.
 */
function audienceIndex(config: BrokerConfig): AudienceIndex {
  let index = indexes.get(config);
  if (index !== undefined) return index;
  const order = new Map<string, number>();
  const byExact = new Map<string, string[]>();
  const byHref = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, name: string): void => {
    const names = map.get(key);
    if (names === undefined) map.set(key, [name]);
    else names.push(name);
  };
  for (const project of Object.values(config.projects)) {
    order.set(project.name, order.size);
    add(byExact, project.audience, project.name);
    add(byHref, audienceKey(project.audience), project.name);
  }
  index = {
    named(value, uri) {
      const names = new Set([...(byExact.get(value) ?? []), ...(byHref.get(uri.href) ?? [])]);
      return [...names].sort((a, b) => order.get(a)! - order.get(b)!);
    },
  };
  indexes.set(config, index);
  return index;
}

function invalidTarget(
  code: Extract<
    ErrorCode,
    'ERR_TARGET_UNKNOWN' | 'ERR_TARGET_INVALID' | 'ERR_TARGET_AMBIGUOUS' | 'ERR_TARGET_CONFLICT'
  >,
  description: string,
): BrokerError {
  return new BrokerError(400, 'invalid_target', code, description);
}
