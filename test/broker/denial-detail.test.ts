/**
 * A job whose owner NAME is in a project's policy but whose owner or repository ID is not the one
 * trusted is the "deleted, and the name re-registered by someone else" case. The caller is told
 * what its own ID is and that it is not the trusted one, never the trusted ID itself (the value a
 * squatter would aim for); the audit event's reason carries both sides for the operator. Through
 * the built broker and the built CLI, with ID tokens signed by a local GitHub-shaped issuer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, CLI, run } from '../recipes/helpers.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;

/** The IDs the policy trusts for acme and acme/warehouse (the issuer's defaults). */
const OWNER_ID = '1234567';
const REPO_ID = '7654321';

beforeAll(async () => {
  // `pinned`: a rule with both IDs in an immutable subject; `warehouse` (stack.ts) pins the owner
  // ID by a claim condition on a legacy subject.
  stack = await startStack({
    extraProjects: `  pinned:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@${OWNER_ID}/warehouse@${REPO_ID}:ref:refs/heads/main
`,
  });
});
afterAll(async () => {
  await stack?.stop();
});

interface AuditLine {
  event: string;
  request_id: string | null;
  code?: string;
  reason?: string | null;
  owner_id?: string;
  repository_id?: string;
}

/** The audit event of one request (the broker writes it before it answers). */
function auditEvent(requestId: string): AuditLine {
  const lines = stack
    .auditText()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);
  const event = lines.find((line) => line.request_id === requestId);
  if (event === undefined) throw new Error(`no audit event for request ${requestId}`);
  return event;
}

describe('a denial for an owner or repository ID the project does not trust', () => {
  it("answers with the caller's own ID, not the trusted one; the audit reason has both", async () => {
    // acme deleted, the name registered again: same owner name, a new owner ID.
    const token = await stack.idToken({ repository_owner_id: '9999999' });
    const { status, body } = await stack.exchange({ token, project: 'warehouse' });
    expect(status).toBe(403);
    expect(body.error).toBe('access_denied');
    expect(body.error_description).toBe(
      'owner acme has ID 9999999, which is not the ID project warehouse trusts (was it deleted and recreated under the same name?)',
    );
    expect(JSON.stringify(body)).not.toContain(OWNER_ID);

    const event = auditEvent(body.request_id as string);
    expect(event).toMatchObject({ event: 'exchange_denied', code: 'ERR_POLICY_DENIED', owner_id: '9999999' });
    expect(event.reason).toContain(`repository_owner_id wanted "${OWNER_ID}" got "9999999"`);
  });

  it('stint exchange prints no trusted ID either, for an immutable subject with a new repository ID', async () => {
    // The runner's token now says acme/warehouse was recreated: same names, a new repository ID.
    stack.issuer.setRunnerClaims({
      sub: `repo:acme@${OWNER_ID}/warehouse@8888888:ref:refs/heads/main`,
      repository_id: '8888888',
    });
    try {
      const result = await run(
        process.execPath,
        [CLI, 'exchange', '--broker', stack.url, '--project', 'pinned', '--audience', stack.url],
        {
          env: baseEnv({
            GITHUB_ACTIONS: 'true',
            ACTIONS_ID_TOKEN_REQUEST_URL: stack.issuer.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: stack.issuer.requestToken,
          }),
          timeoutMs: 120_000,
        },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        'repository acme/warehouse has ID 8888888, which is not the ID project pinned trusts (was it deleted and recreated under the same name?)',
      );
      expect(result.stderr).not.toContain(REPO_ID);

      const requestId = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(result.stderr)?.[1];
      expect(requestId, result.stderr).toBeDefined();
      const event = auditEvent(requestId!);
      expect(event).toMatchObject({ event: 'exchange_denied', code: 'ERR_POLICY_DENIED', repository_id: '8888888' });
      expect(event.reason).toContain(`repository_id wanted "${REPO_ID}" got "8888888"`);
    } finally {
      stack.issuer.setRunnerClaims({});
    }
  });
});
