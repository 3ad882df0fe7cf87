import { type Claims, claimString, defineCi, fullRef, parseUrl, subjectOf } from './descriptor.js';

/** GitLab.com's issuer, shared by every GitLab.com user. */
export const GITLAB_ISSUER = 'https://gitlab.com';

const TOKEN_VARIABLE = 'STINT_ID_TOKEN';

/**
 * GitLab CI `id_tokens:`. Issuer: `https://gitlab.com` or the self-managed instance's URL.
 *
 * Claims (docs.gitlab.com, "OpenID Connect (OIDC) Authentication Using ID Tokens"):
 * `namespace_id`, `namespace_path`, `project_id`, `project_path`, `user_id`, `user_login`,
 * `user_email`, `user_access_level`, `pipeline_id`, `pipeline_source`, `job_id`, `ref`,
 * `ref_type` (`branch` | `tag`), `ref_path` (`refs/heads/main`), `ref_protected`, `environment`,
 * `environment_protected`, `deployment_tier`, `environment_action`, `runner_id`,
 * `runner_environment`, `sha`, `ci_config_ref_uri`, `ci_config_sha`, `project_visibility`.
 * IDs are strings.
 *
 * Subject: `project_path:GROUP/PROJECT:ref_type:branch:ref:main` (fixed; not customisable).
 *
 * Token: the job's `id_tokens:` puts it in a variable it names (stint's recipes use
 * STINT_ID_TOKEN), minted with the `aud` the job configuration gives.
 */
export const gitlab = defineCi({
  kind: 'gitlab',
  title: 'GitLab CI',
  brand: 'GitLab',
  issuer: {
    default: GITLAB_ISSUER,
    shared: [GITLAB_ISSUER],
    algorithms: ['RS256'],
    shapes: 'https://gitlab.com or your instance URL',
    describe(iss) {
      if (iss === GITLAB_ISSUER) return 'GitLab.com';
      const url = parseUrl(iss);
      if (url === undefined || url.search !== '' || url.hash !== '' || iss.endsWith('/')) return undefined;
      return `self-managed GitLab at ${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    },
    // gitlab.com/.well-known/openid-configuration
    discovery: {
      jwksPath: '/oauth/discovery/keys',
      moreClaims: [
        'environment',
        'environment_protected',
        'deployment_tier',
        'environment_action',
        'groups_direct',
        'user_identities',
      ],
    },
  },
  claims: {
    normalise(claims) {
      const projectPath = claimString(claims, 'project_path');
      const refType = claimString(claims, 'ref_type');
      const ref = claimString(claims, 'ref');
      return {
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
    ownerClaims: ['namespace_id', 'namespace_path', 'project_id', 'project_path'],
    ownerIdentity: { id: 'namespace_id' },
    guarded: [],
    example: exampleClaims,
    exampleIssuer: (origin) => origin,
    // The stint component writes its audience input into the job's id_tokens.
    audienceFix: (expected) =>
      `set the aud of the job's id_tokens variable to ${expected} (the stint component's audience input)`,
  },
  subject: {
    separator: ':',
    example: 'project_path:acme/warehouse:ref_type:branch:ref:main',
    owner: (subject) => /^project_path:([^:/]+)\//.exec(subject)?.[1],
    repository: (subject) => /^project_path:([^:]+):/.exec(subject)?.[1],
    repositoryNoun: 'project',
    pairs: [
      { key: 'project_path', label: 'project' },
      { key: 'ref_type', label: 'ref type' },
      { key: 'ref', label: 'ref' },
    ],
  },
  token: {
    marker: { test: (env) => env.GITLAB_CI === 'true', text: 'GITLAB_CI=true' },
    source: { via: 'env', variable: TOKEN_VARIABLE, described: `the id_tokens variable ${TOKEN_VARIABLE}` },
    howToGet: (variable) =>
      `Add \`id_tokens: { ${variable}: { aud: <broker issuer> } }\` to the job, or extend the \`.stint\` job of recipes/gitlab.`,
    settings: {
      brokerUrl: "the stint component's broker_url input, or --broker",
      audience: "the component's audience input, or the job's id_tokens aud",
      audienceFix:
        "GitLab mints the ID token with the aud the job's id_tokens names (the stint component's audience input): set it to the broker's providers.gitlab.audience, by default the broker's issuer",
    },
  },
});

/** A GitLab CI ID token's claims for a push to main of acme/warehouse. */
function exampleClaims(issuer: string, audience: string): Claims {
  const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
  return {
    iss: issuer,
    aud: audience,
    sub: 'project_path:acme/warehouse:ref_type:branch:ref:main',
    namespace_id: '1234567',
    namespace_path: 'acme',
    project_id: '7654321',
    project_path: 'acme/warehouse',
    user_id: '42',
    user_login: 'alice',
    user_email: 'alice@example.com',
    user_access_level: 'maintainer',
    pipeline_id: '1001',
    pipeline_source: 'push',
    job_id: '2002',
    ref: 'main',
    ref_type: 'branch',
    ref_path: 'refs/heads/main',
    ref_protected: 'true',
    runner_id: 7,
    runner_environment: 'gitlab-hosted',
    sha,
    project_visibility: 'private',
    ci_config_ref_uri: 'gitlab.com/acme/warehouse//.gitlab-ci.yml@refs/heads/main',
    ci_config_sha: sha,
  };
}
