import { claimString, type ProviderModule, parseUrl, refType, subjectOf } from './module.js';
import type { CiIdentity, Claims } from './types.js';

const ISSUER_PREFIX = 'https://oidc.circleci.com/org/';

/**
 * CircleCI (`$CIRCLE_OIDC_TOKEN_V2`). Issuer `https://oidc.circleci.com/org/<org-id>`: one per
 * organization, so no other customer's tokens carry it.
 *
 * Claims (circleci.com docs, "Using OpenID Connect tokens in jobs"): `sub`
 * `org/<org-id>/project/<project-id>/user/<user-id>` (V2 adds
 * `/vcs-origin/<origin>/vcs-ref/<ref>`), `aud` (the org id unless the job asked for another),
 * `oidc.circleci.com/project-id`, `oidc.circleci.com/context-ids` (array),
 * `oidc.circleci.com/vcs-origin` (`github.com/acme/warehouse`), `oidc.circleci.com/vcs-ref`
 * (`refs/heads/main`), `oidc.circleci.com/ssh-rerun` (boolean).
 */
export const circleci: ProviderModule = {
  kind: 'circleci',
  algorithms: ['RS256'],
  sharedIssuers: [],
  ownerClaims: [],
  describeIssuer(iss) {
    const url = parseUrl(iss);
    if (url === undefined || !iss.startsWith(ISSUER_PREFIX)) return undefined;
    const orgId = iss.slice(ISSUER_PREFIX.length);
    return /^[0-9a-f-]{36}$/i.test(orgId) ? `CircleCI organization ${orgId}` : undefined;
  },
  normalise(claims: Claims): CiIdentity {
    const subject = subjectOf(claims);
    const origin = claimString(claims, 'oidc.circleci.com/vcs-origin');
    const ref = claimString(claims, 'oidc.circleci.com/vcs-ref');
    // `github.com/acme/warehouse` → repository `acme/warehouse`, owner `acme`.
    const repository = origin?.split('/').slice(1).join('/') || undefined;
    return {
      provider: 'circleci',
      subject,
      repository,
      repository_id: claimString(claims, 'oidc.circleci.com/project-id'),
      owner: repository?.split('/')[0],
      owner_id: circleci.subjectOwner(subject),
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
  subjectOwner(subject) {
    return /^org\/([^/:]+)\//.exec(subject)?.[1];
  },
  subjectRepository(subject) {
    const match = /^org\/([^/:]+)\/project\/([^/:]+)(?:\/|$)/.exec(subject);
    return match === null ? undefined : `${match[1]}/${match[2]}`;
  },
};
