import { afterAll, describe, expect, it, vi } from 'vitest';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * A CircleCI provider without `audience: <org-id>` can never accept a CircleCI ID token (their
 * `aud` is the organization ID whatever the job asks): the BUILT broker says so when it starts,
 * with the fix (WARN_PROVIDER_AUDIENCE, as `stint policy check` does: test/policy/cli.test.ts),
 * not only at the first job's refused exchange.
 */
const ORG = 'c9a1c3c2-5f3e-4b6a-9d1e-2f4a6b8c0d1e';
let broker: RunningBroker | undefined;
afterAll(async () => {
  await broker?.stop();
});

describe('stint serve with a CircleCI provider without audience', () => {
  it('logs WARN_PROVIDER_AUDIENCE at start, naming the organization ID to set, and serves', async () => {
    broker = await startBroker({
      configYaml: [
        'issuer: https://stint.test',
        'keys: { dir: keys, algorithm: EdDSA }',
        'audit: { file: audit.jsonl }',
        'providers:',
        `  circleci: { issuer: https://oidc.circleci.com/org/${ORG} }`,
        'projects:',
        '  warehouse:',
        '    trust:',
        `      - { provider: circleci, subject: "org/${ORG}/project/e5b2d7a4-1c3f-4e5a-8b9c-0d1e2f3a4b5c/user/*/vcs-origin/github.com/acme/warehouse/vcs-ref/refs/heads/main" }`,
        '',
      ].join('\n'),
    });
    await vi.waitFor(
      () =>
        expect(logEntries(broker!.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'WARN_PROVIDER_AUDIENCE',
            msg: expect.stringContaining(
              `stint.yml:5:3: warning: providers.circleci.audience is not set, so it is the broker's issuer 'https://stint.test', which no circleci ID token carries: a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to ${ORG}`,
            ),
          }),
        ),
      { timeout: 60_000, interval: 50 },
    );
    expect((await fetch(`${broker.url}/livez`)).status).toBe(200);
  });
});
