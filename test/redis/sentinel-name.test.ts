import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type SentinelSet, startSentinelSet } from '../helpers/redis-topology.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { brokerConfig, REDIS_PASSWORD_ENV, sleep } from './setup.js';

/**
 * A `store.name` the sentinels do not monitor (a typo): they answer, with no master of that
 * name (SENTINEL GET-MASTER-ADDR-BY-NAME replies null). Waiting cannot mend it, so the built
 * broker stops at once, naming store.name, the value and the names the sentinels do know;
 * not after the whole store.startup_timeout with advice about Redis running and the password.
 */
let set: SentinelSet;
let issuer: GithubIssuer;
let keysDir: string;

beforeAll(async () => {
  set = await startSentinelSet({ replicas: 0, sentinels: 2 });
  issuer = await startGithubIssuer();
  keysDir = mkdtempSync(join(tmpdir(), 'stint-sentinel-name-keys-'));
}, 300_000);
afterAll(async () => {
  await issuer?.stop();
  await set?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

/** Waits for the broker process to exit by itself; fails the test if it has not within the ceiling. */
async function exitOf(running: RunningBroker, ceilingMs: number): Promise<number | null> {
  const deadline = Date.now() + ceilingMs;
  while (running.exitCode() === null && Date.now() < deadline) await sleep(100);
  return running.exitCode();
}

it('exits 1 at once when the sentinels know no master named store.name, and names the setting and the names they know', async () => {
  const typo = `${set.name}-typo`;
  const broker = await startBroker({
    configYaml: brokerConfig({
      issuerUrl: issuer.url,
      keysDir,
      // A long window: the exit must come from the sentinels' answer, not from the time-out.
      store: {
        yaml: `{ sentinels: [${set.sentinelAddresses.join(', ')}], name: ${typo}, password_env: ${REDIS_PASSWORD_ENV}, startup_timeout: 10m }`,
      },
    }),
    env: { [REDIS_PASSWORD_ENV]: set.password },
  });
  try {
    expect(await exitOf(broker, 90_000)).toBe(1);
    const output = broker.output();
    const last = /^stint: .*$/m.exec(output)?.[0] ?? '';
    expect(last).toMatch(/^stint: the store refuses the broker: .*Waiting will not mend this: /);
    expect(last).toContain(`the sentinels know no master named "${typo}"`);
    expect(last).toContain(`store.name is "${typo}"`);
    expect(last).toContain(`they monitor "${set.name}"`);
    // Not the advice for a Redis out of reach.
    expect(last).not.toContain('check that Redis is running');
    expectNoSecret(output, set.password, 'the Redis password');
  } finally {
    await broker.stop();
  }
});
