import { StintError } from '../lib/errors.js';
import { type HttpClient, HttpError, type HttpResponse } from '../lib/http.js';
import { isRetryableHttpError, isRetryableStatus, parseRetryAfter } from '../lib/retry.js';
import {
  type Claims,
  claimString,
  defineCi,
  isSet,
  parseUrl,
  type RequestOrigin,
  type SubjectParts,
  subjectOf,
} from './descriptor.js';
import { idTokenRequestError, requireJwt, serviceMessage } from './request-helpers.js';

/** github.com's issuer, shared by every GitHub account. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

const REQUEST_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const REQUEST_TOKEN = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';

/**
 * The runner's ID token request. It exists only in a job with `permissions: id-token: write`;
 * the action uses it directly, `stint exchange` through the registry.
 */
export const runtimeRequest: RequestOrigin = {
  via: 'request',
  kind: 'github-request',
  // The request variables exist only in a GitHub job allowed to ask, so they are marker enough.
  needsMarker: false,
  lookedFor: `${REQUEST_URL}/_TOKEN`,
  find(env) {
    const requestUrl = env[REQUEST_URL];
    const requestToken = env[REQUEST_TOKEN];
    if (!isSet(requestUrl) || !isSet(requestToken)) return undefined;
    return {
      reason: `GitHub Actions runtime token request (${REQUEST_URL} and _TOKEN are set)`,
      describe: 'the Actions runtime token request',
      request: (audience, io) => requestGithubToken(requestUrl, requestToken, audience, io.http, io.timeoutMs),
    };
  },
  missing(env) {
    const missing = [REQUEST_URL, REQUEST_TOKEN].filter((name) => !isSet(env[name]));
    return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`;
  },
};

/**
 * GitHub Actions. Issuer shapes:
 * - `https://token.actions.githubusercontent.com` (github.com, shared by everyone);
 * - `https://token.actions.githubusercontent.com/<enterprise>` (an enterprise that turned on its
 *   unique issuer URL, so only its own tokens carry it);
 * - `https://HOST/_services/token` (GitHub Enterprise Server);
 * - `https://token.actions.SUBDOMAIN.ghe.com` (GitHub Enterprise Cloud with data residency).
 *
 * Claims (docs.github.com, "About security hardening with OpenID Connect"): `sub`, `repository`,
 * `repository_id`, `repository_owner`, `repository_owner_id`, `repository_visibility`, `ref`,
 * `ref_type`, `ref_protected`, `sha`, `workflow`, `workflow_ref`, `workflow_sha`,
 * `job_workflow_ref`, `job_workflow_sha`, `run_id`, `run_number`, `run_attempt`, `actor`,
 * `actor_id`, `event_name`, `head_ref`, `base_ref`, `environment`, `runner_environment`,
 * `enterprise`, `enterprise_id`. IDs are strings.
 *
 * Subject: `repo:OWNER/REPO:<context>` where context is `ref:refs/heads/main`,
 * `ref:refs/tags/v1`, `environment:NAME` or `pull_request`; repositories with immutable subjects
 * use `repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>`. An organization or repository may customise
 * its template (`include_claim_keys`) into `key:value` pairs in the order it chooses, e.g.
 * `repository_owner_id:1234567:environment:production`; values may themselves contain ':'.
 *
 * Token: the runner's request protocol, present only when the job has `permissions: id-token:
 * write`: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`; a fresh token per request.
 */
export const github = defineCi({
  kind: 'github',
  title: 'GitHub Actions',
  brand: 'GitHub',
  issuer: {
    default: GITHUB_ISSUER,
    shared: [GITHUB_ISSUER],
    algorithms: ['RS256'],
    shapes:
      'https://token.actions.githubusercontent.com, https://token.actions.githubusercontent.com/<enterprise> or https://HOST/_services/token',
    describe(iss) {
      if (iss === GITHUB_ISSUER) return 'GitHub Actions on github.com';
      const url = parseUrl(iss);
      if (url === undefined || url.search !== '' || url.hash !== '') return undefined;
      const enterprise = /^\/([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(url.pathname);
      if (`${url.protocol}//${url.host}` === GITHUB_ISSUER && enterprise !== null) {
        return `GitHub Actions, enterprise '${enterprise[1]}' (issuer unique to that enterprise)`;
      }
      if (url.pathname === '/_services/token') return `GitHub Enterprise Server at ${url.host}`;
      const residency = /^token\.actions\.([a-z0-9-]+)\.ghe\.com$/.exec(url.host);
      if (url.protocol === 'https:' && residency !== null && url.pathname === '/')
        return `GitHub Enterprise Cloud with data residency (${residency[1]}.ghe.com)`;
      return undefined;
    },
    // token.actions.githubusercontent.com/.well-known/openid-configuration
    discovery: {
      jwksPath: '/.well-known/jwks',
      moreClaims: ['environment', 'environment_node_id', 'enterprise', 'enterprise_id', 'issuer_scope', 'check_run_id'],
      // Organization or enterprise custom properties included in the token.
      claimFamilies: ['repo_property_'],
    },
  },
  claims: {
    normalise: (claims) => ({
      subject: subjectOf(claims),
      repository: claimString(claims, 'repository'),
      repository_id: claimString(claims, 'repository_id'),
      owner: claimString(claims, 'repository_owner'),
      owner_id: claimString(claims, 'repository_owner_id'),
      ref: claimString(claims, 'ref'),
      ref_type: claimString(claims, 'ref_type'),
      sha: claimString(claims, 'sha'),
      workflow_ref: claimString(claims, 'workflow_ref'),
      job_workflow_ref: claimString(claims, 'job_workflow_ref'),
      run_id: claimString(claims, 'run_id'),
      run_attempt: claimString(claims, 'run_attempt'),
      environment: claimString(claims, 'environment'),
      actor: claimString(claims, 'actor'),
      event: claimString(claims, 'event_name'),
    }),
    ownerClaims: ['repository_owner_id', 'repository_owner', 'repository_id', 'repository'],
    // pull_request_target runs the base branch's workflow with the base repository's privileges
    // and a fork's code in reach, under a subject that rules written for trusted runs may match.
    ownerIdentity: { id: 'repository_owner_id', name: 'repository_owner' },
    guarded: [{ claim: 'event_name', value: 'pull_request_target' }],
    example: exampleClaims,
    exampleIssuer: (origin) => origin,
    // GitHub's default audience is the URL of the repository owner.
    defaultAudience: () => 'https://github.com/acme',
    // The action and `stint exchange` ask the runner for a token with the audience they name; the
    // broker cannot tell which one asked, so it names both.
    audienceFix: (expected) =>
      `request the ID token with audience ${expected} (the stint action's audience input, or --audience of stint exchange)`,
  },
  subject: {
    separator: ':',
    example: 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
    owner: (subject) => parseGithubSubject(subject)?.owner,
    repository(subject) {
      const parsed = parseGithubSubject(subject);
      return parsed === undefined ? undefined : `${parsed.owner}/${parsed.repo}`;
    },
    fields: {
      parse: parseGithubSubject,
      format: (p) =>
        `repo:${p.owner}${p.ownerId !== undefined ? `@${p.ownerId}` : ''}/${p.repo}${p.repoId !== undefined ? `@${p.repoId}` : ''}:${p.context}`,
      ids: { owner: 'repository_owner_id', repo: 'repository_id' },
      environment: (context) => (context.startsWith('environment:') ? context.slice('environment:'.length) : undefined),
      describeContext(context) {
        if (context.startsWith('ref:')) return `ref ${context.slice('ref:'.length)} is`;
        if (context.startsWith('environment:')) return `environment ${context.slice('environment:'.length)} is`;
        if (context === 'pull_request') return 'pull requests are';
        return undefined;
      },
    },
    problems(subject) {
      const parsed = parseGithubSubject(subject);
      if (parsed === undefined) {
        if (subject.startsWith('repo:')) return [];
        return [
          {
            severity: 'warning',
            code: 'WARN_SUBJECT_SHAPE',
            message: `subject ${JSON.stringify(subject)} is not of GitHub's repo:OWNER/REPO:… form; it only matches a repository whose subject template was customised to exactly this shape`,
          },
        ];
      }
      const problems: { severity: 'error'; code: 'ERR_CONFIG_INVALID'; message: string }[] = [];
      if (parsed.context === '') {
        problems.push({
          severity: 'error',
          code: 'ERR_CONFIG_INVALID',
          message: `GitHub subject ${JSON.stringify(subject)} ends after the repository; GitHub subjects go on with :ref:refs/heads/BRANCH, :ref:refs/tags/TAG, :environment:NAME or :pull_request`,
        });
      }
      for (const [label, id] of [
        ['owner', parsed.ownerId],
        ['repository', parsed.repoId],
      ] as const) {
        if (id !== undefined && !/^[0-9]+$/.test(id)) {
          problems.push({
            severity: 'error',
            code: 'ERR_CONFIG_INVALID',
            message: `the ${label} ID in ${JSON.stringify(subject)} must be digits (GitHub's numeric ID), got '${id}'`,
          });
        }
      }
      return problems;
    },
  },
  token: {
    marker: { test: (env) => env.GITHUB_ACTIONS === 'true', text: 'GITHUB_ACTIONS=true' },
    source: runtimeRequest,
    howToGet: () =>
      'Give the job `permissions: { id-token: write }` (GitHub sets the runtime request variables only then).',
    settings: {
      brokerUrl: '--broker',
      audience: '--audience',
      audienceFix:
        'Give --audience the audience the broker expects of GitHub (its providers.github.audience, by default its issuer), or leave it out to use the broker URL itself',
    },
  },
});

/**
 * One ID token from the runner's token service (GitHub.com and GHES speak the same protocol).
 * All of the request's HTTP is here. 408, 429, 5xx and network errors are `retryable`.
 */
export async function requestGithubToken(
  requestUrl: string,
  requestToken: string,
  audience: string,
  http: HttpClient,
  timeoutMs: number,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  let response: HttpResponse;
  try {
    response = await http({
      url,
      headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json; api-version=2.0' },
      timeoutMs,
    });
  } catch (error) {
    throw idTokenRequestError(`the GitHub ID token request to ${url.origin} failed: ${(error as Error).message}`, {
      retryable: !(error instanceof HttpError) || isRetryableHttpError(error),
      cause: error,
    });
  }
  const text = response.body.toString('utf8');
  if (response.status < 200 || response.status > 299) {
    // The service's own words say what is wrong (an audience it refuses, a token of another job):
    // one line of them, bounded, with the request credential and anything JWT-shaped cut out.
    const said = serviceMessage(text, [requestToken]);
    const hint =
      response.status === 401 || response.status === 403
        ? ` (is ${REQUEST_TOKEN} from this job?)`
        : response.status === 400
          ? ` (check the audience asked for, ${JSON.stringify(audience.slice(0, 200))}: the action's audience input, or --audience; the token service refuses some)`
          : '';
    // A busy token service says when to come back (429, 503): the retry waits that long (DESIGN §3).
    const retryAfterMs = parseRetryAfter(response.header('retry-after'), Date.now());
    throw idTokenRequestError(`the GitHub ID token request answered HTTP ${response.status}${said}${hint}`, {
      status: response.status,
      retryable: isRetryableStatus(response.status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string')
    throw new StintError('ERR_ID_TOKEN_INVALID', 'the GitHub ID token request answered without a "value" string');
  return requireJwt(value, 'the GitHub ID token response');
}

/** The parts of a `repo:` subject, either form. IDs are set only in the immutable form. */
export type GithubSubject = SubjectParts;

/**
 * Splits `repo:acme/warehouse:ref:refs/heads/main` or
 * `repo:acme@1234567/warehouse@7654321:ref:refs/heads/main` into its parts; undefined when the
 * subject is not of the `repo:` shape (e.g. an organization's customised subject template).
 *
 * @example parseGithubSubject('repo:acme@1/w@2:pull_request') // { owner: 'acme', ownerId: '1', repo: 'w', repoId: '2', context: 'pull_request' }
 */
export function parseGithubSubject(subject: string): GithubSubject | undefined {
  const match = /^repo:([^:/]+)\/([^:/]+)(?::(.*))?$/s.exec(subject);
  if (match === null) return undefined;
  const [owner, ownerId] = splitId(match[1] ?? '');
  const [repo, repoId] = splitId(match[2] ?? '');
  const parsed: GithubSubject = { owner, repo, context: match[3] ?? '' };
  if (ownerId !== undefined) parsed.ownerId = ownerId;
  if (repoId !== undefined) parsed.repoId = repoId;
  return parsed;
}

/** `acme@1234567` → ['acme', '1234567']; `acme` → ['acme', undefined]. */
function splitId(part: string): [string, string | undefined] {
  const at = part.lastIndexOf('@');
  if (at < 0) return [part, undefined];
  return [part.slice(0, at), part.slice(at + 1)];
}

/** A GitHub Actions ID token's claims for a push to main of acme/warehouse. */
function exampleClaims(issuer: string, audience: string): Claims {
  const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
  return {
    iss: issuer,
    aud: audience,
    sub: 'repo:acme/warehouse:ref:refs/heads/main',
    ref: 'refs/heads/main',
    sha,
    repository: 'acme/warehouse',
    repository_owner: 'acme',
    repository_owner_id: '1234567',
    repository_id: '7654321',
    repository_visibility: 'private',
    run_id: '9876543210',
    run_number: '42',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    workflow: 'deploy',
    workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
    workflow_sha: sha,
    job_workflow_ref: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
    job_workflow_sha: sha,
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_type: 'branch',
    ref_protected: 'true',
    runner_environment: 'github-hosted',
  };
}
