import { StintError } from '../lib/errors.js';
import { mac, standardWebhooksKey, standardWebhooksSecretProblem } from '../signing/hmac.js';
import { HMAC_FORMATS, type HmacFormat } from '../signing/types.js';
import { bytesEqual, type HeadersLike, headerValue } from './headers.js';
import { clockSeconds, ONE_DAY, rawBody, secondsOption } from './options.js';

export interface VerifyHmacWebhookOptions {
  format: HmacFormat;
  /**
   * Every secret currently accepted, newest first: during rotation a signature by any of them
   * passes. `standard-webhooks`: `whsec_` and the base64 of a key of at least 24 bytes (strict
   * base64, padded); anything else is ERR_VERIFY_CONFIG.
   */
  secrets: readonly string[];
  headers: HeadersLike;
  /**
   * The raw body exactly as received (not re-serialised JSON): with Express, the `req.body` of
   * `express.raw({ type: () => true })`, never of `express.json()` (an object is
   * ERR_VERIFY_CONFIG). `undefined` is the empty body only when the headers say the request has
   * none (no Content-Length or Transfer-Encoding, or Content-Length: 0); otherwise it is
   * ERR_VERIFY_CONFIG.
   */
  body: Buffer | Uint8Array | ArrayBuffer | string | undefined;
  /** How far the signed timestamp may be from now, either way, in seconds (default 300, at most a day). */
  toleranceSec?: number;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** generic only, as the sender's profile: header (X-Signature), algorithm, encoding, prefix, timestampHeader. */
  header?: string;
  algorithm?: 'sha256' | 'sha512';
  encoding?: 'hex' | 'base64';
  prefix?: string;
  timestampHeader?: string;
}

export interface VerifiedWebhook {
  /** Index in `secrets` of the secret that matched (0 = newest). */
  secretIndex: number;
  /** The signed unix timestamp, for formats that sign one. */
  timestamp?: number;
  /** standard-webhooks: the message id, for the receiver's own de-duplication. */
  id?: string;
}

/**
 * Verifies a webhook signed in one of the `hmac` formats. Comparisons are constant-time; a
 * timestamp outside the tolerance is refused as a replay. `github`, and `generic` without
 * `timestampHeader`, sign no timestamp: they have no replay protection at all.
 * Throws StintError ERR_SIGNATURE_MISSING, ERR_SIGNATURE_INVALID or ERR_SIGNATURE_EXPIRED.
 *
 * @example
 * verifyHmacWebhook({ format: 'github', secrets: [process.env.WEBHOOK_SECRET!], headers: req.headers, body: rawBody });
 */
export function verifyHmacWebhook(options: VerifyHmacWebhookOptions): VerifiedWebhook {
  const { format, secrets, headers } = options;
  // A misconfiguration must refuse, never pass: a JavaScript caller can hand any string here.
  if (!(HMAC_FORMATS as readonly string[]).includes(format)) {
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      `verifyHmacWebhook: unknown format ${JSON.stringify(format)}; use one of ${HMAC_FORMATS.join(', ')}`,
    );
  }
  const tolerance = secondsOption(options.toleranceSec, 300, 'verifyHmacWebhook: toleranceSec', [0, ONE_DAY]);
  if (!Array.isArray(secrets) || secrets.length === 0)
    throw new StintError(
      'ERR_VERIFY_CONFIG',
      'verifyHmacWebhook needs at least one secret, in a list (secrets: [...])',
    );
  // An empty key (an unset env var read as '', or `whsec_` with nothing after it) is one anyone can sign with;
  // an unset one (`process.env.OLD!` after the rotation) is not a string at all. A Standard Webhooks
  // secret must be strict base64 of at least 24 bytes: Buffer.from(…, 'base64') skips what is not
  // base64, so a typo would quietly become a key of a few bytes, which a forger can try out.
  secrets.forEach((secret: unknown, i) => {
    if (typeof secret !== 'string')
      throw new StintError(
        'ERR_VERIFY_CONFIG',
        `verifyHmacWebhook: secret ${i + 1} is ${secret === undefined || secret === null ? String(secret) : `a ${typeof secret}, not a string`}; check the variable it comes from`,
      );
    const problem =
      format === 'standard-webhooks' ? standardWebhooksSecretProblem(secret) : secret === '' ? 'is empty' : undefined;
    if (problem !== undefined)
      throw new StintError(
        'ERR_VERIFY_CONFIG',
        `verifyHmacWebhook: secret ${i + 1} ${problem}; check the variable it comes from`,
      );
  });
  // Read once the signature headers are there: a request without them is ERR_SIGNATURE_MISSING
  // (401) whatever its body, so a stranger cannot set off the set-up alarm (ERR_VERIFY_CONFIG).
  const raw = (): Buffer => rawBody(options.body, 'verifyHmacWebhook', headers);
  const need = (name: string): string => {
    const value = headerValue(headers, name);
    if (value === undefined || value === '')
      throw new StintError('ERR_SIGNATURE_MISSING', `the request has no ${name} header`);
    return value;
  };
  const matchAny = (candidates: Buffer[], compute: (secret: string) => Buffer): number => {
    // Check every secret (no early exit) so the time taken does not say which one matched.
    let index = -1;
    secrets.forEach((secret, i) => {
      const expected = compute(secret);
      for (const candidate of candidates) if (bytesEqual(candidate, expected) && index === -1) index = i;
    });
    if (index === -1)
      throw new StintError(
        'ERR_SIGNATURE_INVALID',
        `the ${format} webhook signature does not match ${secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`}`,
      );
    return index;
  };

  switch (format) {
    case 'github': {
      const signature = need('X-Hub-Signature-256');
      const body = raw();
      const candidates = signature.startsWith('sha256=') ? [hexBytes(signature.slice(7))] : [];
      return { secretIndex: matchAny(candidates, (s) => mac('sha256', s, [body])) };
    }
    case 'standard-webhooks': {
      const id = need('webhook-id');
      const timestamp = need('webhook-timestamp');
      const candidates = need('webhook-signature')
        .split(' ')
        .filter((s) => s.startsWith('v1,'))
        .map((s) => Buffer.from(s.slice(3), 'base64'));
      const body = raw();
      const secretIndex = matchAny(candidates, (s) =>
        mac('sha256', standardWebhooksKey(s), [`${id}.${timestamp}.`, body]),
      );
      return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now), id };
    }
    case 'stripe': {
      const fields = need('Stripe-Signature')
        .split(',')
        .map((part) => part.trim().split('='));
      const timestamp = fields.find(([k]) => k === 't')?.[1] ?? '';
      const candidates = fields.filter(([k]) => k === 'v1').map(([, v]) => hexBytes(v ?? ''));
      const body = raw();
      const secretIndex = matchAny(candidates, (s) => mac('sha256', s, [`${timestamp}.`, body]));
      return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
    }
    case 'slack': {
      const timestamp = need('X-Slack-Request-Timestamp');
      const signature = need('X-Slack-Signature');
      const body = raw();
      const candidates = signature.startsWith('v0=') ? [hexBytes(signature.slice(3))] : [];
      const secretIndex = matchAny(candidates, (s) => mac('sha256', s, [`v0:${timestamp}:`, body]));
      return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
    }
    case 'generic': {
      const prefix = options.prefix ?? '';
      const signature = need(options.header ?? 'X-Signature');
      const encoded = signature.startsWith(prefix) ? signature.slice(prefix.length) : undefined;
      const candidates =
        encoded === undefined
          ? []
          : [options.encoding === 'base64' ? Buffer.from(encoded, 'base64') : hexBytes(encoded)];
      const timestamp = options.timestampHeader === undefined ? undefined : need(options.timestampHeader);
      const body = raw();
      const parts = timestamp === undefined ? [body] : [`${timestamp}.`, body];
      const secretIndex = matchAny(candidates, (s) => mac(options.algorithm ?? 'sha256', s, parts));
      return timestamp === undefined
        ? { secretIndex }
        : { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
    }
    default:
      throw new StintError('ERR_VERIFY_CONFIG', `verifyHmacWebhook: unknown format ${JSON.stringify(format)}`);
  }
}

/** Hex to bytes; anything that is not even-length hex gives an empty buffer, which never matches. */
function hexBytes(text: string): Buffer {
  return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.alloc(0);
}

function checkTimestamp(text: string, tolerance: number, clock: (() => number) | undefined): number {
  const timestamp = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
  const now = clockSeconds(clock, 'verifyHmacWebhook');
  if (Number.isNaN(timestamp))
    throw new StintError('ERR_SIGNATURE_INVALID', 'the signed timestamp is not a unix time in seconds');
  if (Math.abs(now - timestamp) > tolerance) {
    const distance = now > timestamp ? `${now - timestamp} s old` : `${timestamp - now} s in the future`;
    throw new StintError(
      'ERR_SIGNATURE_EXPIRED',
      `the signed timestamp is ${distance}, outside the ${tolerance} s tolerance (a replay, or a clock out of sync)`,
    );
  }
  return timestamp;
}
