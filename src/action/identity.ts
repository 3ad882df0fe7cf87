import type { JobIdentity } from '../audit/summary.js';

/**
 * Who this job is, for the summary: from the ID token's claims when one was exchanged (what the
 * broker matched against the policy), filled in from the runner's GITHUB_* variables. The token
 * is only decoded, not verified: this is display, the broker did the verifying.
 */
export function jobIdentity(env: NodeJS.ProcessEnv, idToken?: string): JobIdentity {
  const claims = idToken ? decodeClaims(idToken) : {};
  const pick = (claim: string, variable: string): string | undefined => {
    const value = claims[claim];
    if (typeof value === 'string' && value !== '') return value;
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const identity: JobIdentity = {};
  const set = <K extends keyof JobIdentity>(key: K, value: string | undefined): void => {
    if (value !== undefined) identity[key] = value;
  };
  set('repository', pick('repository', 'GITHUB_REPOSITORY'));
  set('ref', pick('ref', 'GITHUB_REF'));
  set('workflow', pick('workflow_ref', 'GITHUB_WORKFLOW_REF') ?? env.GITHUB_WORKFLOW);
  set('event', pick('event_name', 'GITHUB_EVENT_NAME'));
  set('environment', typeof claims.environment === 'string' ? claims.environment : undefined);
  set('actor', pick('actor', 'GITHUB_ACTOR'));
  set('runId', pick('run_id', 'GITHUB_RUN_ID'));
  set('runAttempt', pick('run_attempt', 'GITHUB_RUN_ATTEMPT'));
  set('subject', typeof claims.sub === 'string' ? claims.sub : undefined);
  set('serverUrl', env.GITHUB_SERVER_URL);
  return identity;
}

/**
 * The `aud` of a JWT access token (several joined with spaces), decoded for display only: the
 * broker minted it; undefined when the token has none or is not a JWT.
 */
export function tokenAudience(jwt: string): string | undefined {
  const aud = decodeClaims(jwt).aud;
  if (typeof aud === 'string' && aud !== '') return aud;
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud.join(' ');
  return undefined;
}

function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
