/**
 * The SHA-256 fingerprint of a secret (a token, a key), safe to log, audit and show: it names
 * the secret without revealing it.
 *
 * @example
 * fingerprint(accessToken) // 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
 */
export function fingerprint(secret: string): string {
  // node:crypto on first use: importing it costs a start-up that may never need a fingerprint.
  // The one-shot hash() skips the Hash object createHash().update().digest() builds (the broker
  // fingerprints two tokens per exchange).
  crypto ??= process.getBuiltinModule('node:crypto');
  return `sha256:${crypto.hash('sha256', secret, 'hex')}`;
}

let crypto: typeof import('node:crypto') | undefined;
