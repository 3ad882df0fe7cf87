import { type Claims, claimString, defineCi, parseUrl, refType, subjectOf } from './descriptor.js';

const ISSUER_PREFIX = 'https://oidc.circleci.com/org/';
const TOKEN_VARIABLE = 'CIRCLE_OIDC_TOKEN_V2';

/** The IDs of the example organization, project and user (`example` below). */
export const CIRCLECI_EXAMPLE_IDS = {
  org: 'c9a1c3c2-5f3e-4b6a-9d1e-2f4a6b8c0d1e',
  project: 'e5b2d7a4-1c3f-4e5a-8b9c-0d1e2f3a4b5c',
  user: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
} as const;

/**
 * CircleCI. Issuer `https://oidc.circleci.com/org/<org-id>`: one per organization, so no other
 * customer's tokens carry it.
 *
 * Claims (circleci.com docs, "Using OpenID Connect tokens in jobs"): `sub`, `aud` (the org id
 * unless the job asked for another), `oidc.circleci.com/project-id`,
 * `oidc.circleci.com/context-ids` (array), `oidc.circleci.com/vcs-origin`
 * (`github.com/acme/warehouse`), `oidc.circleci.com/vcs-ref` (`refs/heads/main`),
 * `oidc.circleci.com/ssh-rerun` (boolean).
 *
 * Subject: `org/<org-id>/project/<project-id>/user/<user-id>`, which V2 extends with
 * `/vcs-origin/<origin>/vcs-ref/<ref>`. Fields are separated by '/', which values contain too.
 *
 * Token: `$CIRCLE_OIDC_TOKEN_V2`, issued to jobs that use a context, with the org id as audience.
 */
export const circleci = defineCi({
  kind: 'circleci',
  title: 'CircleCI',
  brand: 'CircleCI',
  issuer: {
    shared: [],
    algorithms: ['RS256'],
    shapes: 'https://oidc.circleci.com/org/<org-id>',
    describe(iss) {
      const url = parseUrl(iss);
      if (url === undefined || !iss.startsWith(ISSUER_PREFIX)) return undefined;
      const orgId = iss.slice(ISSUER_PREFIX.length);
      return /^[0-9a-f-]{36}$/i.test(orgId) ? `CircleCI organization ${orgId}` : undefined;
    },
    // oidc.circleci.com/org/<id>/.well-known/openid-configuration
    discovery: {
      jwksPath: '/.well-known/jwks-pub.json',
      moreClaims: [
        'oidc.circleci.com/org-id',
        'oidc.circleci.com/pipeline-id',
        'oidc.circleci.com/pipeline-definition-id',
      ],
    },
  },
  claims: {
    normalise(claims) {
      const subject = subjectOf(claims);
      const origin = claimString(claims, 'oidc.circleci.com/vcs-origin');
      const ref = claimString(claims, 'oidc.circleci.com/vcs-ref');
      // `github.com/acme/warehouse` → repository `acme/warehouse`, owner `acme`.
      const repository = origin?.split('/').slice(1).join('/') || undefined;
      return {
        subject,
        repository,
        repository_id: claimString(claims, 'oidc.circleci.com/project-id'),
        owner: repository?.split('/')[0],
        owner_id: subjectOwner(subject),
        ref,
        ref_type: refType(ref),
        sha: undefined,
        workflow_ref: undefined,
        job_workflow_ref: undefined,
        run_id: undefined,
        run_attempt: undefined,
        environment: undefined,
        actor: /\/user\/([^/]+)/.exec(subject)?.[1],
        event: undefined,
      };
    },
    ownerClaims: [],
    ownerIdentity: {},
    guarded: [],
    example: exampleClaims,
    exampleIssuer: (origin) => `${origin}/org/${CIRCLECI_EXAMPLE_IDS.org}`,
    // A job that asks for no audience gets its organization's ID.
    defaultAudience: (issuer) => issuer.slice(issuer.lastIndexOf('/') + 1),
    // $CIRCLE_OIDC_TOKEN_V2 is minted for the organization ID whatever the job asks, so the fix is
    // on the broker. The ID is the one in the provider's issuer URL, which the broker's config names.
    fixedAudience: organizationId,
    audienceFix(expected, provider) {
      const orgId = organizationId(provider.issuer);
      if (orgId === undefined) {
        return `a CircleCI job's ID token has its organization ID as its audience: set the broker's providers.${provider.name}.audience to that ID`;
      }
      if (orgId.toLowerCase() === expected.toLowerCase()) {
        return `a CircleCI job's ID token has its organization ID (${orgId}) as its audience: exchange $${TOKEN_VARIABLE} as CircleCI issued it`;
      }
      return `a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.${provider.name}.audience to ${orgId}`;
    },
  },
  subject: {
    separator: '/',
    example: 'org/<org-id>/project/<project-id>/user/*',
    owner: subjectOwner,
    repository(subject) {
      const match = /^org\/([^/:]+)\/project\/([^/:]+)(?:\/|$)/.exec(subject);
      return match === null ? undefined : `${match[1]}/${match[2]}`;
    },
    repositoryNoun: 'CircleCI organization/project',
    pairs: [
      { key: 'org', label: 'organization ID' },
      { key: 'project', label: 'project ID' },
      { key: 'user', label: 'user ID' },
      { key: 'vcs-origin', label: 'repository' },
      { key: 'vcs-ref', label: 'ref' },
    ],
  },
  token: {
    marker: { test: (env) => env.CIRCLECI === 'true', text: 'CIRCLECI=true' },
    source: { via: 'env', variable: TOKEN_VARIABLE, described: TOKEN_VARIABLE },
    howToGet: (variable) =>
      `CircleCI issues ${TOKEN_VARIABLE} to jobs that use a context: add \`context: <name>\` to the job in the workflow${variable !== TOKEN_VARIABLE ? `, or drop --id-token-env to read ${TOKEN_VARIABLE}` : ''}.`,
    settings: {
      brokerUrl: "the stint orb's broker-url parameter, or --broker",
      audience: "the broker's providers.circleci.audience",
      audienceFix:
        "CircleCI's ID token always has your organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to that organization ID",
    },
  },
});

/** The organization ID an issuer URL ends with (`https://oidc.circleci.com/org/<id>`). */
function organizationId(issuer: string): string | undefined {
  return /\/org\/([0-9a-f-]{36})$/i.exec(issuer)?.[1];
}

function subjectOwner(subject: string): string | undefined {
  return /^org\/([^/:]+)\//.exec(subject)?.[1];
}

/** A CircleCI V2 ID token's claims for a push to main of acme/warehouse (the org ID is the issuer's). */
function exampleClaims(issuer: string, audience: string): Claims {
  const org = issuer.slice(issuer.lastIndexOf('/') + 1);
  const { project, user } = CIRCLECI_EXAMPLE_IDS;
  return {
    iss: issuer,
    aud: audience,
    sub: `org/${org}/project/${project}/user/${user}/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main`,
    'oidc.circleci.com/project-id': project,
    'oidc.circleci.com/context-ids': ['0f1e2d3c-4b5a-4697-8a9b-c0d1e2f3a4b5'],
    'oidc.circleci.com/vcs-origin': 'github.com/acme/warehouse',
    'oidc.circleci.com/vcs-ref': 'refs/heads/main',
    'oidc.circleci.com/ssh-rerun': false,
  };
}
