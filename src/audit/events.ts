/**
 * The audit events the broker and the CLI write (docs/broker.md#the-audit-log). One event is one line
 * of the hash-chained log; `seq`, `ts`, `prev` and `hash` are added by the log itself.
 */
export const AUDIT_EVENT_NAMES = [
  'token_issued',
  'exchange_denied',
  'token_revoked',
  'token_introspected',
  'introspection_denied',
  'cert_issued',
  'cert_denied',
  'key_rotated',
  /** The mTLS CA that `/mtls/ca.pem` serves was made (none before), renewed (due) or replaced (lost before it was due), with its fingerprint. */
  'ca_created',
  'ca_renewed',
  'ca_replaced',
  'apikey_created',
  'apikey_revoked',
  'config_reloaded',
  'config_reload_failed',
  /** The broker found its Redis had lost its data (docs/many-brokers.md#when-redis-loses-its-data). */
  'store_data_lost',
  /** Written by the log itself, first after writes failed (a full disk): since when, and how many events were refused. */
  'audit_write_failed',
] as const;

/** An event name; `stint audit query --event` refuses any other (a typo would match nothing). */
export type AuditEventName = (typeof AUDIT_EVENT_NAMES)[number];

/** `success`: done; `denied`: refused on purpose (policy, bad token); `error`: failed (store down, bug). */
export type AuditOutcome = 'success' | 'denied' | 'error';

/** Values an audit field may hold: JSON, but never a token, key or secret (the log refuses those). */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

export interface AuditEvent {
  /** An AuditEventName; other names are accepted so new events need no change here. */
  event: AuditEventName | (string & {});
  /**
   * The broker's request id (also `audit_id` in the exchange response); the CLI makes its own.
   * Written as `null` when absent (start-up key rotation), so every line has the key.
   */
  request_id?: string | null;
  outcome: AuditOutcome;
  /** Full reason, for operators; may say more than the caller was told. Written as `null` when absent. */
  reason?: string | null;
  /** Who wrote it: a broker instance (`STINT_INSTANCE`, else host:pid), or the CLI (`cli@host:pid`). */
  instance?: string;
  /** A stable error code when refused (ERR_…). */
  code?: string;
  project?: string;
  /** Identity of the CI job: provider, subject, repository, owner_id, ref, … (strings). */
  provider?: string;
  subject?: string;
  repository?: string;
  repository_id?: string;
  owner?: string;
  owner_id?: string;
  ref?: string;
  sha?: string;
  workflow_ref?: string;
  run_id?: string;
  actor?: string;
  scope?: string;
  /** The minted or presented token's jti, and `fingerprint` = sha256:<hex> of the token: never the token. */
  jti?: string;
  fingerprint?: string;
  /** Epoch seconds. */
  expires_at?: number;
  kid?: string;
  api_key_id?: string;
  serial?: string;
  flags?: string[];
  [field: string]: AuditValue | undefined;
}

/** What a line of the log holds: the event plus its place in the chain. */
export interface AuditRecord extends AuditEvent {
  seq: number;
  /** ISO 8601 UTC with milliseconds. */
  ts: string;
  /** `hash` of the previous line; 64 zeros on the first line. */
  prev: string;
  /** SHA-256 hex over `prev`, a newline, and the canonical JSON of every other field of the line. */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
