import { withExtraField } from '../audit/encode.js';
import type { AuditEvent } from '../audit/events.js';
import type { AuditLog } from '../audit/log.js';

/**
 * The audit log of one instance: every event it appends carries `instance`, so the files (or
 * shipped lines) of several brokers merge into one trail that says who wrote what
 * (docs/many-brokers.md#audit-logs-are-per-instance).
 */
export function stampInstance(log: AuditLog, instance: string): AuditLog {
  return {
    file: log.file,
    append: (event, options) => log.append(event, withExtraField(options, 'instance', instance, false)),
    check: () => log.check(),
    close: () => log.close(),
  };
}

/**
 * Appends an event whose fields may quote what a caller sent (claims, a bad `aud`). The log
 * refuses anything that looks like a secret; such a field is replaced by a note rather than
 * losing the event (or turning a refusal into a 500), and long values are cut (the log's
 * `quoting` mode, which scans each field once as it writes it). A request's audit log stamps
 * its client address (request-scope.ts).
 */
export async function appendAudit(audit: AuditLog, event: AuditEvent): Promise<void> {
  await audit.append(event, QUOTING);
}

const QUOTING = { quoting: true } as const;

/** Refusals whose audit event is already written (an exchange writes its own, with the identity it found). */
const auditedRefusals = new WeakSet<object>();

export function markAudited(refusal: object): void {
  auditedRefusals.add(refusal);
}

export function isAudited(refusal: object): boolean {
  return auditedRefusals.has(refusal);
}
