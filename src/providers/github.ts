import { claimString, type ProviderModule, parseUrl, subjectOf } from './module.js';
import type { CiIdentity, Claims } from './types.js';

/** github.com's issuer, shared by every GitHub account. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * GitHub Actions. Three issuer shapes:
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
 * `enterprise`, `enterprise_id`. IDs are strings. `sub` is `repo:OWNER/REPO:<context>` where
 * context is `ref:refs/heads/main`, `ref:refs/tags/v1`, `environment:NAME` or `pull_request`;
 * repositories with immutable subjects use `repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>`.
 */
export const github: ProviderModule = {
  kind: 'github',
  defaultIssuer: GITHUB_ISSUER,
  algorithms: ['RS256'],
  sharedIssuers: [GITHUB_ISSUER],
  ownerClaims: ['repository_owner_id', 'repository_owner', 'repository_id', 'repository'],
  describeIssuer(iss) {
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
  normalise(claims: Claims): CiIdentity {
    return {
      provider: 'github',
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
    };
  },
  subjectOwner(subject) {
    return parseGithubSubject(subject)?.owner;
  },
  subjectRepository(subject) {
    const parsed = parseGithubSubject(subject);
    return parsed === undefined ? undefined : `${parsed.owner}/${parsed.repo}`;
  },
};

/** The parts of a `repo:` subject, either form. IDs are set only in the immutable form. */
export interface GithubSubject {
  owner: string;
  ownerId?: string;
  repo: string;
  repoId?: string;
  /** What follows `repo:OWNER/REPO:`, e.g. `ref:refs/heads/main`. */
  context: string;
}

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
