/**
 * An issuer whose keys the broker could never fetch: the exchange is refused 503 (fail closed)
 * with a Retry-After that says when the broker will ask the issuer again (at most once per 10 s),
 * so a retrying job does not spend fresh ID tokens on attempts the broker would answer the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';

let issuer: GithubIssuer;
let broker: RunningBroker;
let idToken: string;
beforeAll(async () => {
  issuer = await startGithubIssuer();
  idToken = await issuer.mint({ aud: 'https://stint.test' });
  // Down before the broker ever asks it for its keys.
  await issuer.stop();
  broker = await startBroker({ configYaml: githubBrokerConfig(issuer.url) });
});
afterAll(async () => {
  await broker?.stop();
});

async function exchange(): Promise<Response> {
  return fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: idToken, project: 'warehouse' }),
  });
}

describe('an issuer the broker cannot reach', () => {
  it('refuses with 503 and a Retry-After of the seconds until it asks the issuer again', async () => {
    const first = await exchange();
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ error: 'temporarily_unavailable' });
    const wait = Number(first.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(10);

    // Asked again at once: the broker does not ask the issuer again yet, and says so.
    const second = await exchange();
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(wait);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
