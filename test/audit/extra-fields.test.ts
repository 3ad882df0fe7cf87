import { describe, expect, it } from 'vitest';
import { encodeEvent, withExtraField } from '../../src/audit/encode.js';
import type { AuditEvent } from '../../src/audit/events.js';

/**
 * The stamps a broker puts on each audit event (client address, instance) are built member by
 * member (withExtraField); what they encode must be what `{ ...options, extra: { ...extra, name } }`
 * encoded, whatever names the given extra fields have.
 */
const event = { event: 'token_issued', outcome: 'success', reason: null } as unknown as AuditEvent;
const spread = (given: Record<string, unknown>, name: string, value: string, first: boolean) => ({
  extra: first ? { [name]: value, ...given } : { ...given, [name]: value },
});

describe('withExtraField', () => {
  it('a given extra member named __proto__ stays a member: it does not replace the event’s fields', () => {
    const given = JSON.parse('{"__proto__":{"reason":"injected","event":"forged"},"a":1}') as Record<string, never>;
    for (const first of [true, false]) {
      const built = encodeEvent(event, withExtraField({ extra: given }, 'client_address', '192.0.2.1', first));
      expect(built.fields).toBe(
        encodeEvent(event, spread(given, 'client_address', '192.0.2.1', first) as never).fields,
      );
      expect(built.fields).toMatch(/^"event":"token_issued",.*"reason":null,/);
      expect(built.fields).toContain('"__proto__":{"reason":"injected","event":"forged"}');
    }
  });

  it('first: the given fields override it; last: it overrides theirs; quoting is kept', () => {
    const given = { client_address: '198.51.100.7', instance: 'other' };
    expect(withExtraField({ extra: given, quoting: true }, 'client_address', '192.0.2.1', true)).toEqual({
      quoting: true,
      extra: { client_address: '198.51.100.7', instance: 'other' },
    });
    expect(withExtraField({ extra: given }, 'instance', 'b1', false).extra).toEqual({
      client_address: '198.51.100.7',
      instance: 'b1',
    });
  });
});
