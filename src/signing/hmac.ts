import { createHmac } from 'node:crypto';
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

/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}
