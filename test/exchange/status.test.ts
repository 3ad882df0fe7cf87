import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatStatus, statusReport } from '../../src/cli/commands/status.js';
import { expectNoSecret } from '../helpers/secrets.js';

const NOW = Date.parse('2026-11-24T10:00:00Z');

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'EdDSA', typ: 'at+jwt' })}.${part(claims)}.${randomBytes(64).toString('base64url')}`;
}

describe('stint status report', () => {
  it('an expired STINT_TOKEN says so, with its fingerprint and never the token', () => {
    const token = jwt({
      iss: 'https://stint.test',
      sub: 'repo:acme/warehouse:ref:refs/heads/main',
      aud: 'stint:warehouse',
      project: 'warehouse',
      scope: 'read',
      exp: NOW / 1000 - 300,
    });
    const report = statusReport({ STINT_TOKEN: token }, { provider: 'auto' }, NOW);
    expect(report.stint_token).toMatchObject({
      present: true,
      project: 'warehouse',
      scope: 'read',
      expired: true,
      expires_in: -300,
      expires_at: '2026-11-24T09:55:00.000Z',
    });
    const text = formatStatus(report);
    expect(text).toContain('expired 5 min ago (2026-11-24T09:55:00.000Z)');
    expect(text).toMatch(/fingerprint sha256:[0-9a-f]{64}/);
    expectNoSecret(text, token, 'STINT_TOKEN');
    expectNoSecret(JSON.stringify(report), token, 'STINT_TOKEN');
  });

  it('a STINT_TOKEN that is not a JWT is reported, not echoed', () => {
    const report = statusReport({ STINT_TOKEN: 'opaque-secret-value' }, { provider: 'auto' }, NOW);
    expect(report.stint_token).toEqual({ present: true, error: 'STINT_TOKEN is set but is not a JWT' });
    expectNoSecret([formatStatus(report), JSON.stringify(report)], 'opaque-secret-value', 'STINT_TOKEN');
  });

  it('a minting source is described without reading a token', () => {
    const report = statusReport(
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x?a=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-secret' },
      { provider: 'auto' },
      NOW,
    );
    expect(report.token_source).toEqual({
      found: true,
      kind: 'github-request',
      provider: 'github',
      variable: null,
      reason: 'GitHub Actions runtime token request (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set)',
      fresh_per_request: true,
      id_token: null,
    });
    expect(formatStatus(report)).toBe(
      [
        'token source: GitHub Actions runtime token request (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set)',
        '  mints a fresh ID token per request, with the audience asked for',
        'STINT_TOKEN: not set',
      ].join('\n'),
    );
    expectNoSecret([formatStatus(report), JSON.stringify(report)], 'runner-secret', 'the runtime token');
  });

  it('an env source whose value is not a JWT says so', () => {
    const report = statusReport({ CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: 'garbage' }, { provider: 'auto' }, NOW);
    const text = formatStatus(report);
    expect(text).toContain('CIRCLE_OIDC_TOKEN_V2 does not hold a JWT');
    expectNoSecret([text, JSON.stringify(report)], 'garbage', 'CIRCLE_OIDC_TOKEN_V2');
  });
});
