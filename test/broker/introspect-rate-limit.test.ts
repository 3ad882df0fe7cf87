/**
 * Introspection's rate limit (review, December): resource servers behind one address (a NAT,
 * several services on one host) shared that address's bucket, so one busy service starved the
 * others, and the guard turned the broker's 429 into "the broker does not answer" with a fixed
 * Retry-After: 5. Now an API key the broker has verified draws from a bucket of its own (of the
 * `rate_limit.per_address` size), and the guard passes the broker's Retry-After on and says it is
 * rate-limited. Through the built CLI (`stint serve`, `stint keys create-api-key`) and the built
 * `stint/verify` bundle, all from 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startVerifyDriver } from '../helpers/verify-driver.js';
import { type Stack, startStack } from './stack.js';

const RESOURCE = 'https://tools.example.com/mcp';
/** Small and refilling only every 1,000 s, so each bucket's answers are known in advance. */
const BURST = 5;
const LIMIT = `rate_limit: { per_address: { rps: 0.001, burst: ${BURST} } }\n`;
const TOOLS = `  tools:
    audience: ${RESOURCE}
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        scopes: [read]
`;

let stack: Stack;
let token: string;
const keys: string[] = [];

beforeAll(async () => {
  stack = await startStack({ extraConfig: LIMIT, extraProjects: TOOLS });
  for (const name of ['service-a', 'service-b']) {
    const made = await runCli(
      ['keys', 'create-api-key', '--config', 'stint.yml', '--project', 'tools', '--name', name],
      {
        cwd: stack.broker.dir,
      },
    );
    expect(made.code, made.stderr).toBe(0);
    keys.push(/stint_sk_[A-Za-z0-9_-]+/.exec(made.stdout)![0]);
  }
  // The address's first token.
  const minted = await stack.exchange({ token: await stack.idToken(), resource: RESOURCE });
  expect(minted.status, JSON.stringify(minted.body)).toBe(200);
  token = minted.body.access_token as string;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function introspect(authorization: string | undefined) {
  const response = await fetch(`${stack.url}/oauth2/introspect`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: new URLSearchParams({ token }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

describe('introspection rate limit', () => {
  it('gives each verified API key its own bucket: one busy service does not starve another on the same address', async () => {
    const [a, b] = keys as [string, string];
    // First uses (not verified yet: a slow hash each) draw from the address: its tokens 2 and 3.
    expect((await introspect(`Bearer ${a}`)).body).toMatchObject({ active: true, project: 'tools' });
    expect((await introspect(`Bearer ${b}`)).body).toMatchObject({ active: true });

    // Service A now asks more than its bucket holds; more than the address's bucket holds too.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof introspect>> | undefined;
    for (let i = 0; i < BURST + 3; i++) {
      const answer = await introspect(`Bearer ${a}`);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
    }
    expect(statuses).toEqual([...Array(BURST).fill(200), 429, 429, 429]);
    const idA = a.split('_')[2]!;
    expect(refused!.body).toMatchObject({
      error: 'temporarily_unavailable',
      error_description: expect.stringMatching(
        new RegExp(`^too many introspection requests with API key ${idA}; retry after \\d+ s$`),
      ),
    });
    expect(Number(refused!.retryAfter)).toBeGreaterThan(5);

    // Service B, from the same address, is still served.
    expect(await introspect(`Bearer ${b}`)).toMatchObject({ status: 200, body: { active: true } });

    // Requests without a valid key still draw from the address (tokens 4 and 5), then are refused;
    // the verified keys' buckets are not touched by them.
    const junk = [];
    for (let i = 0; i < 3; i++) junk.push((await introspect('Bearer stint_sk_0123456789abcdef_nope')).status);
    expect(junk).toEqual([401, 401, 429]);
    expect(await introspect(`Bearer ${b}`)).toMatchObject({ status: 200, body: { active: true } });
  }, 120_000);

  it("has the guard answer 503 with the broker's Retry-After, saying the broker is rate-limiting it", async () => {
    const driver = startVerifyDriver();
    const decision = await driver
      .run<{
        ok: boolean;
        status: number;
        headers: Record<string, string>;
        body: Record<string, string>;
        record: Record<string, string>;
      }>(
        `const records = [];
         const guard = verify.protectedResource({ resource: args.resource, issuer: args.issuer,
           introspection: { apiKey: args.apiKey }, onAccess: (record) => records.push(record) });
         const decision = await guard.check('Bearer ' + args.token, ['read']);
         return { ...decision, record: records.at(-1) };`,
        { resource: RESOURCE, issuer: stack.url, apiKey: keys[0], token },
      )
      .finally(() => driver.stop());
    expect(decision).toMatchObject({ ok: false, status: 503, body: { error: 'temporarily_unavailable' } });
    const record = decision.record;
    expect(record).toMatchObject({ outcome: 'refused', status: 503, code: 'ERR_INTROSPECTION_RATE_LIMITED' });
    // The broker's own Retry-After (the bucket refills every 1,000 s), as the reason quotes it.
    const brokers = /Retry-After "(\d+)"/.exec(record.reason ?? '')?.[1];
    expect(Number(brokers)).toBeGreaterThan(5);
    expect(decision.headers['retry-after']).toBe(brokers);
    expect(decision.body.error_description).toBe(
      `the service cannot check tokens now: the broker is rate-limiting this service's introspection; retry in ${brokers} s`,
    );
  }, 60_000);
});
