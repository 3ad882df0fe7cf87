import { createHmac } from 'node:crypto';
import { strictBase64Problem } from '../lib/strict-base64.js';
import type { HmacProfile, SignableRequest, SignDeps } from './types.js';

/**
 * Webhook-style HMAC signatures. Each format is the sender's half of a documented scheme; the
 * receiving half is `verify/hmac.ts`. Requests are signed with the newest secret only.
 *
 * @example
 * hmacHeaders(profile, { method: 'POST', url, headers: {}, body }, { now: Date.now, randomBytes })
 * // github → { 'X-Hub-Signature-256': 'sha256=…' }
 */
export function hmacHeaders(profile: HmacProfile, request: SignableRequest, deps: SignDeps): Record<string, string> {
  const secret = profile.secrets[0] as string;
  const body = request.body;
  const seconds = String(Math.floor(deps.now() / 1000));
  switch (profile.format) {
    case 'github':
      return { 'X-Hub-Signature-256': `sha256=${mac('sha256', secret, [body]).toString('hex')}` };
    case 'standard-webhooks': {
      const id = `msg_${deps.randomBytes(16).toString('base64url')}`;
      const key = standardWebhooksKey(secret);
      const signature = mac('sha256', key, [`${id}.${seconds}.`, body]).toString('base64');
      return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${signature}` };
    }
    case 'stripe':
      // Stripe keys the HMAC with the whole `whsec_…` string, not its decoded bytes.
      return { 'Stripe-Signature': `t=${seconds},v1=${mac('sha256', secret, [`${seconds}.`, body]).toString('hex')}` };
    case 'slack':
      return {
        'X-Slack-Request-Timestamp': seconds,
        'X-Slack-Signature': `v0=${mac('sha256', secret, [`v0:${seconds}:`, body]).toString('hex')}`,
      };
    case 'generic': {
      const parts = profile.timestampHeader === undefined ? [body] : [`${seconds}.`, body];
      const value = `${profile.prefix}${mac(profile.algorithm, secret, parts).toString(profile.encoding)}`;
      return profile.timestampHeader === undefined
        ? { [profile.header]: value }
        : { [profile.timestampHeader]: seconds, [profile.header]: value };
    }
  }
}

/** HMAC of the concatenated parts (strings as UTF-8). */
export function mac(algorithm: 'sha256' | 'sha512', key: string | Buffer, parts: (string | Buffer)[]): Buffer {
  const hmac = createHmac(algorithm, key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Standard Webhooks' symmetric keys are "at least 24 bytes (192 bits, 512 maximum)" (its spec). */
export const STANDARD_WEBHOOKS_MIN_KEY_BYTES = 24;

/**
 * What is wrong with a Standard Webhooks secret, said without quoting it, or undefined when it is
 * usable: `whsec_` (optional here) then strict base64 (src/lib/strict-base64.ts) of a key of at
 * least 24 bytes.
 */
export function standardWebhooksSecretProblem(secret: string): string | undefined {
  const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  const problem = strictBase64Problem(encoded, 'base64 after whsec_');
  if (problem !== undefined) return problem;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < STANDARD_WEBHOOKS_MIN_KEY_BYTES)
    return `is a key of ${key.length} byte${key.length === 1 ? '' : 's'}, and Standard Webhooks keys are at least ${STANDARD_WEBHOOKS_MIN_KEY_BYTES} bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)`;
  return undefined;
}

/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}
