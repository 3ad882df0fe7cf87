import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * A job on a branch whose name is shaped like a JWT (a valid git ref) gets its token, and the
 * audit log keeps who got it: the built broker withholds only the token-shaped part of the
 * subject and ref, so `stint audit query --subject` on the branch pattern still finds the event.
 */
let issuer: GithubIssuer;
let broker: RunningBroker;

const branch = 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.abcdefghijklmnopqrstuvwxyz';
const BRANCHES = `  branches:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/*
        claims: { repository_owner_id: "1234567" }
`;

beforeAll(async () => {
  issuer = await startGithubIssuer();
  broker = await startBrokerAt((url) => stackConfig(url, issuer.url, BRANCHES));
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
});

describe('an exchange from a branch named like a JWT', () => {
  it('is issued, and audit query by subject pattern finds it with only the branch name withheld', async () => {
    const idToken = await issuer.mint({
      aud: broker.url,
      sub: `repo:acme/warehouse:ref:refs/heads/${branch}`,
      ref: `refs/heads/${branch}`,
    });
    const answer = await fetch(`${broker.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: idToken, project: 'branches' }),
    });
    expect(answer.status).toBe(200);
    const found = await runCli(
      [
        'audit',
        'query',
        'audit.jsonl',
        '--event',
        'token_issued',
        '--subject',
        'repo:acme/warehouse:ref:refs/heads/*',
        '--json',
      ],
      { cwd: broker.dir },
    );
    expect(found.code, found.stderr).toBe(0);
    const events = found.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      project: 'branches',
      subject: 'repo:acme/warehouse:ref:refs/heads/[withheld secret]',
      ref: 'refs/heads/[withheld secret]',
    });
    expect(found.stdout).not.toContain('eyJ');
  });
});
