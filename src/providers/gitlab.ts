import { claimString, fullRef, type ProviderModule, parseUrl, subjectOf } from './module.js';
import type { CiIdentity, Claims } from './types.js';

/** GitLab.com's issuer, shared by every GitLab.com user. */
export const GITLAB_ISSUER = 'https://gitlab.com';

/**
 * GitLab CI `id_tokens:`. Issuer: `https://gitlab.com` or the self-managed instance's URL.
 *
 * Claims (docs.gitlab.com, "OpenID Connect (OIDC) Authentication Using ID Tokens"):
 * `namespace_id`, `namespace_path`, `project_id`, `project_path`, `user_id`, `user_login`,
 * `user_email`, `user_access_level`, `pipeline_id`, `pipeline_source`, `job_id`, `ref`,
 * `ref_type` (`branch` | `tag`), `ref_path` (`refs/heads/main`), `ref_protected`, `environment`,
 * `environment_protected`, `deployment_tier`, `environment_action`, `runner_id`,
 * `runner_environment`, `sha`, `ci_config_ref_uri`, `ci_config_sha`, `project_visibility`.
 * IDs are strings. `sub` is `project_path:GROUP/PROJECT:ref_type:branch:ref:main`.
 */
export const gitlab: ProviderModule = {
  kind: 'gitlab',
  defaultIssuer: GITLAB_ISSUER,
  algorithms: ['RS256'],
  sharedIssuers: [GITLAB_ISSUER],
  ownerClaims: ['namespace_id', 'namespace_path', 'project_id', 'project_path'],
  describeIssuer(iss) {
    if (iss === GITLAB_ISSUER) return 'GitLab.com';
    const url = parseUrl(iss);
    if (url === undefined || url.search !== '' || url.hash !== '' || iss.endsWith('/')) return undefined;
    return `self-managed GitLab at ${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  },
  normalise(claims: Claims): CiIdentity {
    const projectPath = claimString(claims, 'project_path');
    const refType = claimString(claims, 'ref_type');
    const ref = claimString(claims, 'ref');
    return {
      provider: 'gitlab',
      subject: subjectOf(claims),
      repository: projectPath,
      repository_id: claimString(claims, 'project_id'),
      // The top-level group owns the project; `namespace_path` may be a subgroup of it.
      owner: projectPath?.split('/')[0] ?? claimString(claims, 'namespace_path'),
      owner_id: claimString(claims, 'namespace_id'),
      // GitLab's `ref` is the bare name (`main`); `ref_path` is the full ref other CIs use.
      ref: claimString(claims, 'ref_path') ?? fullRef(refType, ref),
      ref_type: refType,
      sha: claimString(claims, 'sha'),
      // The pipeline definition it ran (`gitlab.com/acme/warehouse//.gitlab-ci.yml@refs/heads/main`).
      workflow_ref: claimString(claims, 'ci_config_ref_uri'),
      job_workflow_ref: undefined,
      run_id: claimString(claims, 'pipeline_id'),
      run_attempt: undefined,
      environment: claimString(claims, 'environment'),
      actor: claimString(claims, 'user_login'),
      event: claimString(claims, 'pipeline_source'),
    };
  },
  subjectOwner(subject) {
    return /^project_path:([^:/]+)\//.exec(subject)?.[1];
  },
  subjectRepository(subject) {
    return /^project_path:([^:]+):/.exec(subject)?.[1];
  },
};
