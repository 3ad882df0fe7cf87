import type { AuditEvent, AuditValue } from '../audit/events.js';
import type { AuditLog } from '../audit/log.js';
import { assertNoSecrets } from '../audit/secret-guard.js';
import { isStintError } from '../lib/errors.js';
import { currentRequest } from './request-scope.js';

/**
 * The audit log of one instance: every event it appends carries `instance`, so the files (or
 * shipped lines) of several brokers merge into one trail that says who wrote what
 * (docs/many-brokers.md#audit-logs-are-per-instance).
 */
export function stampInstance(log: AuditLog, instance: string): AuditLog {
  return {
    file: log.file,
    append: (event) => log.append({ ...event, instance }),
    close: () => log.close(),
  };
}

/** Longest string kept in an audit field; claims and reasons quoting them come from callers. */
const MAX_FIELD_CHARS = 512;

/**
 * Appends an event whose fields may quote what a caller sent (claims, a bad `aud`). The log
 * refuses anything that looks like a secret; such a field is replaced by a note rather than
 * losing the event (or turning a refusal into a 500), and long values are cut. An event written
 * while a request is served carries its client address (`client_address`).
 */
export async function appendAudit(audit: AuditLog, event: AuditEvent): Promise<void> {
  const request = currentRequest();
  const safe: AuditEvent = request
    ? { ...event, client_address: event.client_address ?? request.clientAddress }
    : { ...event };
  for (const [name, value] of Object.entries(safe)) {
    if (value === undefined) continue;
    safe[name] = clean(name, value);
  }
  await audit.append(safe);
}

function clean(name: string, value: AuditValue): AuditValue {
  try {
    assertNoSecrets(value, name);
  } catch (error) {
    if (isStintError(error, 'ERR_AUDIT_SECRET')) return '[withheld: the value looked like a secret]';
    throw error;
  }
  if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) return `${value.slice(0, MAX_FIELD_CHARS)}…[cut]`;
  return value;
}

/** Refusals whose audit event is already written (an exchange writes its own, with the identity it found). */
const auditedRefusals = new WeakSet<object>();

export function markAudited(refusal: object): void {
  auditedRefusals.add(refusal);
}

export function isAudited(refusal: object): boolean {
  return auditedRefusals.has(refusal);
}
