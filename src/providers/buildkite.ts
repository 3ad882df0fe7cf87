import { type Claims, claimString, defineCi, type Exec, fullRef, refType, subjectOf } from './descriptor.js';
import { findOnPath, idTokenRequestError, lastLine, requireJwt } from './request-helpers.js';

/** Buildkite's issuer, shared by every Buildkite organization. */
export const BUILDKITE_ISSUER = 'https://agent.buildkite.com';

const AGENT = 'buildkite-agent';

/**
 * Buildkite. Issuer `https://agent.buildkite.com`, shared by every organization.
 *
 * Claims (buildkite.com docs, "buildkite-agent oidc"): `sub`, `organization_slug`,
 * `pipeline_slug`, `build_number` (number), `build_branch`, `build_tag`, `build_commit`,
 * `build_source`, `step_key`, `job_id`, `agent_id`, and optional `organization_id`,
 * `pipeline_id`, `cluster_id`, `queue_id`, `runner_environment`.
 *
 * Subject: `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`.
 *
 * Token: `buildkite-agent oidc request-token --audience …`, which the agent puts on the job's
 * PATH; a fresh token per call.
 */
export const buildkite = defineCi({
  kind: 'buildkite',
  title: 'Buildkite',
  brand: 'Buildkite',
  issuer: {
    default: BUILDKITE_ISSUER,
    shared: [BUILDKITE_ISSUER],
    algorithms: ['RS256'],
    shapes: BUILDKITE_ISSUER,
    describe: (iss) => (iss === BUILDKITE_ISSUER ? 'Buildkite' : undefined),
    // agent.buildkite.com/.well-known/openid-configuration
    discovery: {
      jwksPath: '/.well-known/jwks',
      // build_tag on tag builds; the rest when the job asks for them (`oidc request-token --claim`).
      moreClaims: ['build_tag', 'cluster_id', 'cluster_name', 'queue_id', 'queue_key'],
      claimFamilies: ['agent_tag:'],
    },
  },
  claims: {
    normalise(claims) {
      const org = claimString(claims, 'organization_slug');
      const pipeline = claimString(claims, 'pipeline_slug');
      const tag = claimString(claims, 'build_tag');
      const ref = tag !== undefined ? fullRef('tag', tag) : fullRef('branch', claimString(claims, 'build_branch'));
      return {
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
    ownerClaims: ['organization_id', 'organization_slug', 'pipeline_id'],
    ownerIdentity: { id: 'organization_id', name: 'organization_slug' },
    guarded: [],
    example: exampleClaims,
    exampleIssuer: (origin) => origin,
    // `buildkite-agent oidc request-token --audience` mints for the audience asked for: the plugin's
    // audience setting, or stint exchange's --audience.
    audienceFix: (expected) =>
      `request the ID token with audience ${expected} (the stint plugin's audience setting, or --audience of stint exchange)`,
  },
  subject: {
    separator: ':',
    example: 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*',
    owner: (subject) => /^organization:([^:]+):/.exec(subject)?.[1],
    repository(subject) {
      const match = /^organization:([^:]+):pipeline:([^:]+)(?::|$)/.exec(subject);
      return match === null ? undefined : `${match[1]}/${match[2]}`;
    },
    repositoryNoun: 'pipeline',
    pairs: [
      { key: 'organization', label: 'organization' },
      { key: 'pipeline', label: 'pipeline' },
      { key: 'ref', label: 'ref' },
      { key: 'commit', label: 'commit' },
      { key: 'step', label: 'step' },
    ],
  },
  token: {
    marker: { test: (env) => env.BUILDKITE === 'true', text: 'BUILDKITE=true' },
    source: {
      via: 'request',
      kind: 'buildkite-agent',
      // An agent binary on PATH alone does not prove this is a Buildkite job.
      needsMarker: true,
      lookedFor: AGENT,
      find(env) {
        const agentPath = findOnPath(AGENT, env);
        if (agentPath === undefined) return undefined;
        const describe = `${AGENT} at ${agentPath}`;
        return {
          reason: `Buildkite (BUILDKITE=true) with ${describe}`,
          describe,
          request: (audience, io) => requestAgentToken(agentPath, audience, io.env, io.exec, io.timeoutMs),
        };
      },
      missing: () => `${AGENT} is not on PATH`,
    },
    howToGet: () =>
      `Run stint inside a Buildkite job, where the agent puts ${AGENT} on PATH (or use the stint plugin of recipes/buildkite).`,
    settings: {
      brokerUrl: "the stint plugin's broker-url setting, or --broker",
      audience: "the plugin's audience setting, or --audience",
      audienceFix:
        "Set the stint plugin's audience setting (or --audience) to the audience the broker expects of Buildkite (its providers.buildkite.audience, by default its issuer), or leave it out to use the broker URL itself",
    },
  },
});

/** `buildkite-agent oidc request-token --audience A`, run without a shell. */
async function requestAgentToken(
  agentPath: string,
  audience: string,
  env: NodeJS.ProcessEnv,
  exec: Exec,
  timeoutMs: number,
): Promise<string> {
  let stdout: string;
  try {
    // Arguments go to execFile as a list: no shell ever sees the audience.
    ({ stdout } = await exec(agentPath, ['oidc', 'request-token', '--audience', audience], { env, timeoutMs }));
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: unknown };
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? `: ${lastLine(stderr)}` : '';
    // The agent retries its own API calls; a failure here is final for this attempt.
    throw idTokenRequestError(`${AGENT} oidc request-token failed (exit ${String(code ?? 'unknown')})${detail}`, {
      cause: error,
    });
  }
  return requireJwt(stdout.trim(), `${AGENT} oidc request-token`);
}

/** A Buildkite ID token's claims for step `deploy` of build 42 of main of acme/warehouse. */
function exampleClaims(issuer: string, audience: string): Claims {
  const sha = 'd6cd1e2bd19e03a81132a23b2025920577f84e37';
  return {
    iss: issuer,
    aud: audience,
    sub: `organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:${sha}:step:deploy`,
    organization_slug: 'acme',
    pipeline_slug: 'warehouse',
    build_number: 42,
    build_branch: 'main',
    build_commit: sha,
    build_source: 'webhook',
    step_key: 'deploy',
    job_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f60',
    agent_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f61',
    organization_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f62',
    pipeline_id: '0190b9b4-7a5c-4f47-9e0f-3b1c2d4e5f63',
    runner_environment: 'buildkite-hosted',
  };
}
