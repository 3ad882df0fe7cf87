import { describe, expect, it } from 'vitest';
import { jobIdentity } from '../../src/action/identity.js';
import { renderCleanupSummary, renderJobSummary } from '../../src/audit/summary.js';

const grant = {
  brokerUrl: 'https://stint.example.com',
  project: 'warehouse',
  scope: 'read write',
  audience: 'https://api.warehouse.example.com',
  idTokenAudience: 'https://stint.example.com',
  expiresAt: '2026-11-24T10:15:00.000Z',
  fingerprint: `sha256:${'a'.repeat(64)}`,
  auditId: 'aud_1',
};

describe('job summary', () => {
  it('shows who, what was granted and the signing profiles', () => {
    const text = renderJobSummary({
      identity: {
        repository: 'acme/warehouse',
        ref: 'refs/heads/main',
        actor: 'octocat',
        runId: '42',
        runAttempt: '2',
        serverUrl: 'https://github.com',
        subject: 'repo:acme/warehouse:ref:refs/heads/main',
      },
      grant,
      signing: [{ name: 'api', type: 'jwt', detail: 'alg ES256, ttl 60s', keyFingerprint: `sha256:${'b'.repeat(64)}` }],
    });
    expect(text).toContain('| Repository | `acme/warehouse` |');
    expect(text).toContain('[42 (attempt 2)](https://github.com/acme/warehouse/actions/runs/42)');
    expect(text).toContain(
      '| `warehouse` | `read write` | `https://api.warehouse.example.com` | `2026-11-24T10:15:00.000Z` |',
    );
    expect(text).toContain(
      '**Token granted** by `https://stint.example.com` for an ID token with audience `https://stint.example.com`',
    );
    expect(text).toContain(`\`sha256:${'b'.repeat(64)}\``);
  });

  it('keeps hostile values inside their cell: no broken rows, no markup, no link', () => {
    const text = renderJobSummary({
      identity: {
        repository: 'acme/x',
        ref: 'refs/heads/a|b`c\n| injected | row |',
        actor: '<img src=x onerror=alert(1)>',
        runId: '1)(javascript:alert(1)',
        serverUrl: 'https://github.com',
      },
      signing: [{ name: 'p', type: 'hmac', detail: '**bold** <b>x</b> | cell' }],
    });
    const rows = text.split('\n').filter((line) => line.startsWith('|'));
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length).toBeLessThanOrEqual(7);
    expect(text).not.toContain('\n| injected');
    expect(text).not.toContain('](');
    expect(text).not.toMatch(/[^\\]<b>/);
    expect(text).toContain('`<img src=x onerror=alert(1)>`'); // literal inside a code span
  });

  it('says when only signing was set up, and renders each clean-up outcome', () => {
    expect(renderJobSummary({ identity: {}, signing: [] })).toContain('signing only');
    // A section of its own, after a blank line: GitHub shows each step's summary in step order, so
    // post's follows other steps' tables and sections, which it must neither continue nor join.
    expect(renderCleanupSummary({ token: 'revoked', removed: 3, failed: [] })).toMatch(
      /^\n### stint: clean-up\n\n- Token: revoked at the broker\n- Files: removed 3/,
    );
    expect(renderCleanupSummary({ token: 'expired', removed: 0, failed: [] })).toContain('already expired');
    expect(
      renderCleanupSummary({
        token: 'failed',
        tokenDetail: 'HTTP 503',
        removed: 1,
        failed: [{ path: '/tmp/x', reason: 'EBUSY' }],
      }),
    ).toContain('Could not remove `/tmp/x`: EBUSY');
  });
});

describe('jobIdentity', () => {
  it('prefers the ID token claims the broker matched, and fills in from the runner env', () => {
    const claims = {
      sub: 'repo:acme/warehouse:environment:prod',
      ref: 'refs/heads/main',
      environment: 'prod',
      run_id: '7',
    };
    const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    const identity = jobIdentity(
      {
        GITHUB_REPOSITORY: 'acme/warehouse',
        GITHUB_REF: 'refs/heads/other',
        GITHUB_RUN_ID: '1',
        GITHUB_ACTOR: 'octocat',
      },
      jwt,
    );
    expect(identity).toEqual({
      repository: 'acme/warehouse',
      ref: 'refs/heads/main',
      environment: 'prod',
      actor: 'octocat',
      runId: '7',
      subject: 'repo:acme/warehouse:environment:prod',
    });
    expect(jobIdentity({}, 'not-a-jwt')).toEqual({});
  });
});
