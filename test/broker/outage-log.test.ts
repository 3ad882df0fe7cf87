import { describe, expect, it } from 'vitest';
import { createOutageLog } from '../../src/broker/outage-log.js';

/** A log that keeps its lines. */
function recorder(): { lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }>; log: never } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, fields, msg });
    };
  return { lines, log: { error: at('error'), info: at('info'), warn: at('warn') } as never };
}

describe('the outage log', () => {
  it('logs the first refusal of a cause, then at most one summary per interval, then the end', () => {
    const { lines, log } = recorder();
    let t = 0;
    const outages = createOutageLog(log, () => t, 60_000);
    for (let i = 0; i < 1000; i++) {
      outages.refused('ERR_STORE_UNAVAILABLE', `r${i}`, `/auth/oidc/exchange: down (${i})`);
      t += 100; // 10 a second for 100 s
    }
    expect(lines.map((line) => line.level)).toEqual(['error', 'error']);
    expect(lines[0]!.msg).toMatch(/^\/auth\/oidc\/exchange: down \(0\); further refusals/);
    expect(lines[0]!.fields).toEqual({ request_id: 'r0', code: 'ERR_STORE_UNAVAILABLE' });
    // The refusal at 60 s (the 601st) logs the 600 since the first line, itself included.
    expect(lines[1]!.msg).toMatch(
      /^600 request\(s\) refused \(ERR_STORE_UNAVAILABLE\) since the last such line, 601 since 1970-01-01T00:00:00\.000Z; the latest: \/auth\/oidc\/exchange: down \(600\)$/,
    );
    outages.served();
    expect(lines[2]).toEqual({
      level: 'info',
      fields: { code: 'ERR_STORE_UNAVAILABLE' },
      msg: 'requests are served again: 1000 refused (ERR_STORE_UNAVAILABLE) since 1970-01-01T00:00:00.000Z, 399 of them after the last line',
    });
    outages.served();
    expect(lines).toHaveLength(3);
  });

  it('keeps flapping (one request refused, the next served) to two lines per interval', () => {
    const { lines, log } = recorder();
    let t = 0;
    const outages = createOutageLog(log, () => t, 60_000);
    for (let i = 0; i < 100; i++) {
      outages.refused('ERR_STORE_UNAVAILABLE', `r${i}`, 'x');
      outages.served();
      t += 1000;
    }
    // A line at 0 s and its end, then at 60 s (counting the 59 in between) and its end.
    expect(lines.map((line) => line.level)).toEqual(['error', 'info', 'error', 'info']);
    expect(lines[2]!.msg).toBe(
      'x (59 earlier such refusal(s) were not logged); further refusals for this cause are counted and logged at most once every 60 s until a request is served again',
    );
  });

  it('keeps causes apart, and gives no code to a /readyz cause', () => {
    const { lines, log } = recorder();
    const outages = createOutageLog(log, () => 0);
    outages.refused('ERR_STORE_UNAVAILABLE', 'a', 'store');
    outages.refused('ERR_AUDIT_WRITE', 'b', 'audit');
    outages.refused('/readyz: the broker cannot write to its store', 'c', '/readyz: store');
    expect(lines.map((line) => line.fields)).toEqual([
      { request_id: 'a', code: 'ERR_STORE_UNAVAILABLE' },
      { request_id: 'b', code: 'ERR_AUDIT_WRITE' },
      { request_id: 'c' },
    ]);
  });

  it('keeps apart, under one code, the routes and the failures an operator tells apart (where)', () => {
    const { lines, log } = recorder();
    const outages = createOutageLog(log, () => 0);
    outages.refused('ERR_AUDIT_WRITE', 'a', '/oauth2/introspect: audit', '/oauth2/introspect');
    outages.refused('ERR_AUDIT_WRITE', 'b', '/mtls/certificates: audit', '/mtls/certificates');
    outages.refused('ERR_AUDIT_WRITE', 'c', '/mtls/certificates: audit', '/mtls/certificates');
    outages.served();
    outages.refused('ERR_AUDIT_WRITE', 'd', '/auth/oidc/exchange: cut', '/auth/oidc/exchange ERR_AUDIT_TRUNCATED');
    outages.refused('ERR_AUDIT_WRITE', 'e', '/auth/oidc/exchange: incomplete', '/auth/oidc/exchange ERR_AUDIT_CORRUPT');
    expect(lines.filter((line) => line.level === 'error').map((line) => line.fields)).toEqual([
      { request_id: 'a', code: 'ERR_AUDIT_WRITE' },
      { request_id: 'b', code: 'ERR_AUDIT_WRITE' },
      { request_id: 'd', code: 'ERR_AUDIT_WRITE' },
      { request_id: 'e', code: 'ERR_AUDIT_WRITE' },
    ]);
    expect(lines.filter((line) => line.level === 'info').map((line) => line.msg)).toEqual([
      'requests are served again: 1 refused (ERR_AUDIT_WRITE at /oauth2/introspect) since 1970-01-01T00:00:00.000Z',
      'requests are served again: 2 refused (ERR_AUDIT_WRITE at /mtls/certificates) since 1970-01-01T00:00:00.000Z, 1 of them after the last line',
    ]);
  });
});
