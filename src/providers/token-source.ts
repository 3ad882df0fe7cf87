/**
 * Where `stint exchange` gets the job's OIDC ID token, in each CI. Each CI's descriptor says
 * where its token lives (`token` in `github.ts`, `gitlab.ts`, …); this file only decides among
 * them.
 *
 * Precedence when several are present (fixed; docs/cli.md#token-sources-and-their-precedence documents it):
 *  1. `--provider X` names the CI: only X's source is considered, and if it is missing the
 *     error says exactly what to add. No fallback: a job that says what it is never silently
 *     exchanges some other token.
 *  2. `--id-token-env VAR` (with `--provider auto`): the token in VAR; the CI is named from
 *     the environment's markers when one is recognised.
 *  3. Each CI in the registry's order (registry.ts): a CI that mints on request when its request
 *     is possible here (and its marker is set, where the request alone proves nothing); a CI
 *     that hands the token over in a variable when its marker is set and the variable holds
 *     something. Today: GitHub's runtime request, GitLab, CircleCI, Buildkite's agent, Jenkins.
 *  4. STINT_ID_TOKEN anywhere else (a CI stint does not recognise, or a local test).
 */
import { isVariableName } from '../lib/env-setting.js';
import { StintError } from '../lib/errors.js';
import type { CiDescriptor } from './descriptor.js';
import { isSet } from './descriptor.js';
import type { EnvTokenSource, TokenSource } from './job-token.js';
import { CI_DESCRIPTORS, type ProviderKind } from './registry.js';

export type { Exec, ExecResult } from './descriptor.js';
export {
  canMintFreshTokens,
  type EnvTokenSource,
  type ReadJobTokenDeps,
  type RequestTokenSource,
  readJobToken,
  type TokenSource,
} from './job-token.js';
export { findOnPath } from './request-helpers.js';

export type ProviderChoice = 'auto' | ProviderKind;

export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', ...CI_DESCRIPTORS.map((d) => d.kind)];

/** The variable that holds an ID token when no CI is recognised. */
const FALLBACK_VARIABLE = 'STINT_ID_TOKEN';

export interface DetectOptions {
  provider?: ProviderChoice;
  /** Overrides the variable an env-var source reads (any CI's, or a CI that mints on request). */
  idTokenEnv?: string;
}

/**
 * Picks the token source `stint exchange` would use here and says why.
 * Throws `ERR_TOKEN_SOURCE_NOT_FOUND` naming the missing variable and how to get it in that CI.
 *
 * @example
 * const source = detectTokenSource(process.env, { provider: 'auto' });
 * console.log(source.reason); // "GitLab CI (GITLAB_CI=true) with the id_tokens variable STINT_ID_TOKEN"
 */
export function detectTokenSource(env: NodeJS.ProcessEnv, options: DetectOptions = {}): TokenSource {
  const provider = options.provider ?? 'auto';
  const idTokenEnv = options.idTokenEnv;
  if (idTokenEnv !== undefined && !isVariableName(idTokenEnv)) {
    throw new StintError('ERR_USAGE', `--id-token-env must be an environment variable name, got '${idTokenEnv}'`);
  }
  if (provider !== 'auto') return explicitSource(env, descriptorOf(provider), idTokenEnv);

  if (idTokenEnv !== undefined) {
    const ci = recognise(env);
    if (!isSet(env[idTokenEnv])) {
      throw notFound(
        `${idTokenEnv} is not set (named by --id-token-env). ${ci ? ci.token.howToGet(idTokenEnv) : ''}`.trim(),
      );
    }
    return {
      kind: 'env',
      provider: ci?.kind,
      variable: idTokenEnv,
      reason: `--id-token-env ${idTokenEnv}${ci ? ` in ${ci.title}` : ''}`,
    };
  }
  for (const ci of CI_DESCRIPTORS) {
    const source = autoSource(env, ci);
    if (source) return source;
  }
  if (isSet(env[FALLBACK_VARIABLE])) {
    return envSource(undefined, FALLBACK_VARIABLE, `${FALLBACK_VARIABLE} is set (no CI recognised)`);
  }
  const ci = recognise(env);
  if (ci) throw notFound(`this looks like ${ci.title}, but ${missing(ci, undefined, env)}`);
  throw notFound(
    `no CI OIDC token found: looked for ${lookedFor()}. Pass --provider, or --id-token-env VAR naming the variable that holds the token`,
  );
}

/** `ci`'s source when this job is on `ci` and its token is at hand, for `--provider auto`. */
function autoSource(env: NodeJS.ProcessEnv, ci: CiDescriptor<ProviderKind>): TokenSource | undefined {
  const { marker, source } = ci.token;
  if (source.via === 'env') {
    if (!marker.test(env) || !isSet(env[source.variable])) return undefined;
    return envSource(ci.kind, source.variable, `${ci.title} (${marker.text}) with ${source.described}`);
  }
  if (source.needsMarker && !marker.test(env)) return undefined;
  const found = source.find(env);
  return found && { kind: source.kind, provider: ci.kind, reason: found.reason, request: found.request };
}

function explicitSource(
  env: NodeJS.ProcessEnv,
  ci: CiDescriptor<ProviderKind>,
  idTokenEnv: string | undefined,
): TokenSource {
  const source = ci.token.source;
  if (source.via === 'env' || idTokenEnv !== undefined) {
    const variable = idTokenEnv ?? (source.via === 'env' ? source.variable : FALLBACK_VARIABLE);
    if (!isSet(env[variable])) throw notFound(missing(ci, variable, env));
    const reason =
      source.via === 'env' ? `--provider ${ci.kind}: ${variable}` : `--provider ${ci.kind} --id-token-env ${variable}`;
    return envSource(ci.kind, variable, reason);
  }
  const found = source.find(env);
  if (found === undefined) throw notFound(missing(ci, undefined, env));
  return {
    kind: source.kind,
    provider: ci.kind,
    reason: `--provider ${ci.kind}: ${found.describe}`,
    request: found.request,
  };
}

function envSource(provider: ProviderKind | undefined, variable: string, reason: string): EnvTokenSource {
  return { kind: 'env', provider, variable, reason };
}

function descriptorOf(kind: ProviderKind): CiDescriptor<ProviderKind> {
  const ci = CI_DESCRIPTORS.find((d) => d.kind === kind);
  if (ci === undefined) throw new StintError('ERR_USAGE', `--provider '${kind}' is not a CI stint knows`);
  return ci;
}

/** What a job sets where no CI is recognised: the flags alone. */
const FLAG_SETTINGS: CiDescriptor['token']['settings'] = {
  brokerUrl: '--broker',
  audience: '--audience',
  audienceFix:
    "Mint the ID token with the audience the broker expects of this CI (its providers.<name>.audience, by default the broker's issuer)",
};

/**
 * What a job on `provider` sets, as `stint exchange`'s errors name it (its recipe's settings and
 * the flags); the flags alone for a CI stint does not recognise.
 */
export function settingsFor(provider: ProviderKind | undefined): CiDescriptor['token']['settings'] {
  return provider === undefined ? FLAG_SETTINGS : descriptorOf(provider).token.settings;
}

/** Which CI this environment is, from the markers each CI always sets; undefined when none. */
export function recogniseCi(env: NodeJS.ProcessEnv): ProviderKind | undefined {
  return recognise(env)?.kind;
}

function recognise(env: NodeJS.ProcessEnv): CiDescriptor<ProviderKind> | undefined {
  return CI_DESCRIPTORS.find((ci) => ci.token.marker.test(env));
}

/** The sentence that names what is missing for `ci` and how to get it in that CI. */
function missing(ci: CiDescriptor<ProviderKind>, variable: string | undefined, env: NodeJS.ProcessEnv): string {
  const source = ci.token.source;
  if (variable === undefined && source.via === 'request') {
    return `${source.missing(env)}. ${ci.token.howToGet(undefined)}`;
  }
  const name = variable ?? (source.via === 'env' ? source.variable : FALLBACK_VARIABLE);
  return `${name} is not set. ${ci.token.howToGet(name)}`;
}

/** "A (GitHub), B (GitLab, Jenkins) and C (Buildkite)": what auto detection looks for, by CI. */
function lookedFor(): string {
  const brands = new Map<string, string[]>();
  for (const ci of CI_DESCRIPTORS) {
    const source = ci.token.source;
    const what = source.via === 'env' ? source.variable : source.lookedFor;
    brands.set(what, [...(brands.get(what) ?? []), ci.brand]);
  }
  const items = [...brands].map(([what, names]) => `${what} (${names.join(', ')})`);
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}

function notFound(message: string): StintError {
  return new StintError('ERR_TOKEN_SOURCE_NOT_FOUND', message);
}
