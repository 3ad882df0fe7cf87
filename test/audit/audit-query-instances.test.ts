import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { runCli } from '../helpers/cli.js';

/**
 * `stint audit query`'s table names the instance that wrote each event (DESIGN §9: every event
 * carries `instance`): two BUILT brokers, each with its STINT_INSTANCE and its own log, and a
 * `stint keys` run that writes into one of them as `cli@host:pid`. The table used to have no
 * INSTANCE column, so merged logs did not say which broker did what; --json always carried it.
 */
let gitlab: CiIssuer;
let a: RunningBroker;
let b: RunningBroker;

beforeAll(async () => {
  gitlab = await startCiIssuer('gitlab');
  const configYaml = ciBrokerConfig([gitlab]);
  [a, b] = await Promise.all([
    startBroker({ configYaml, env: { STINT_INSTANCE: 'broker-a' } }),
    startBroker({ configYaml, env: { STINT_INSTANCE: 'broker-b' } }),
  ]);
}, 240_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await gitlab?.stop();
});

const exchange = (broker: RunningBroker, token: string) =>
  fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });

/** Lines of `file` naming `event`, once there are `count` of them (the broker may answer before its line lands). */
async function eventsIn(file: string, event: string, count = 1): Promise<Record<string, unknown>[]> {
  for (let waited = 0; ; waited += 100) {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.event === event);
    if (lines.length >= count) return lines;
    if (waited > 60_000) throw new Error(`${file} has no ${event} event after 60 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('stint audit query over two brokers and the CLI', () => {
  it('the table has an INSTANCE column: broker-a, broker-b and cli@host:pid, as --json has them', async () => {
    expect((await exchange(a, await gitlab.mint())).status).toBe(200);
    expect((await exchange(b, await gitlab.mint({ aud: 'https://elsewhere.test' }))).status).toBe(401);
    const created = await runCli(
      ['keys', 'create-api-key', '--config', join(a.dir, 'stint.yml'), '--project', 'warehouse', '--name', 'rs'],
      { cwd: a.dir },
    );
    expect(created.code).toBe(0);
    const logA = join(a.dir, 'audit.jsonl');
    const logB = join(b.dir, 'audit.jsonl');
    await eventsIn(logA, 'token_issued');
    await eventsIn(logA, 'apikey_created');
    await eventsIn(logB, 'exchange_denied');

    const query = ['audit', 'query', logA, logB, '--event', 'token_issued,exchange_denied,apikey_created'];
    const table = await runCli(query);
    expect({ code: table.code, stderr: table.stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^TIME +INSTANCE +EVENT +OUTCOME +PROJECT +SUBJECT +SCOPE \/ REASON$/);
    expect(rows.pop()).toBe('3 events matched in 2 files');
    const cliInstance = new RegExp(`^cli@${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`);
    const at = (name: string) => header!.indexOf(name);
    // Each row: its instance starts under INSTANCE, and the event still starts under EVENT.
    const seen = rows.map((row) => ({
      instance: row.slice(at('INSTANCE'), at('EVENT')).trim(),
      event: row.slice(at('EVENT')).split(' ')[0],
    }));
    expect(seen).toHaveLength(3);
    expect(seen).toEqual(
      expect.arrayContaining([
        { instance: 'broker-a', event: 'token_issued' },
        { instance: 'broker-b', event: 'exchange_denied' },
        { instance: expect.stringMatching(cliInstance), event: 'apikey_created' },
      ]),
    );
    // The column is as wide as its widest value, no wider: the table stays narrow.
    const widest = Math.max(...seen.map((s) => s.instance.length));
    expect(at('EVENT') - at('INSTANCE')).toBe(widest + 2);

    // --json carries the same instances.
    const json = await runCli([...query, '--json']);
    const records = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; instance: string });
    expect(records.map((r) => ({ instance: r.instance, event: r.event }))).toEqual(seen);
  });
});
