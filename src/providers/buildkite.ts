import { claimString, fullRef, type ProviderModule, refType, subjectOf } from './module.js';
import type { CiIdentity, Claims } from './types.js';

/** Buildkite's issuer, shared by every Buildkite organization. */
export const BUILDKITE_ISSUER = 'https://agent.buildkite.com';

/**
 * Buildkite (`buildkite-agent oidc request-token --audience …`). Issuer
 * `https://agent.buildkite.com`, shared by every organization.
 *
 * Claims (buildkite.com docs, "buildkite-agent oidc"): `sub`
 * `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`, `organization_slug`,
 * `pipeline_slug`, `build_number` (number), `build_branch`, `build_tag`, `build_commit`,
 * `build_source`, `step_key`, `job_id`, `agent_id`, and optional `organization_id`,
 * `pipeline_id`, `cluster_id`, `queue_id`, `runner_environment`.
 */
export const buildkite: ProviderModule = {
  kind: 'buildkite',
  defaultIssuer: BUILDKITE_ISSUER,
  algorithms: ['RS256'],
  sharedIssuers: [BUILDKITE_ISSUER],
  ownerClaims: ['organization_id', 'organization_slug', 'pipeline_id'],
  describeIssuer(iss) {
    return iss === BUILDKITE_ISSUER ? 'Buildkite' : undefined;
  },
  normalise(claims: Claims): CiIdentity {
    const org = claimString(claims, 'organization_slug');
    const pipeline = claimString(claims, 'pipeline_slug');
    const tag = claimString(claims, 'build_tag');
    const ref = tag !== undefined ? fullRef('tag', tag) : fullRef('branch', claimString(claims, 'build_branch'));
    return {
      provider: 'buildkite',
      subject: subjectOf(claims),
      repository: org !== undefined && pipeline !== undefined ? `${org}/${pipeline}` : undefined,
      repository_id: claimString(claims, 'pipeline_id'),
      owner: org,
      owner_id: claimString(claims, 'organization_id'),
      ref,
      ref_type: refType(ref),
      sha: claimString(claims, 'build_commit'),
      workflow_ref: undefined,
      job_workflow_ref: undefined,
      run_id: claimString(claims, 'build_number'),
      run_attempt: undefined,
      environment: undefined,
      actor: undefined,
      event: claimString(claims, 'build_source'),
    };
  },
  subjectOwner(subject) {
    return /^organization:([^:]+):/.exec(subject)?.[1];
  },
  subjectRepository(subject) {
    const match = /^organization:([^:]+):pipeline:([^:]+)(?::|$)/.exec(subject);
    return match === null ? undefined : `${match[1]}/${match[2]}`;
  },
};
