import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, freePort, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * The embedded store notices a state directory that lost its journal (docs/broker.md#state-on-disk):
 * the BUILT broker, started on a state directory emptied (or moved aside) after it had exchanged an
 * ID token, says so in its log and its audit log and refuses that token's replay with
 * ERR_TOKEN_REPLAY_UNKNOWN rather than exchanging it a second time; a first start, a clean restart
 * and a restart after kill -9 say nothing of the kind.
 */

const run = promisify(execFile);
const dirs: string[] = [];
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Home {
  dir: string;
  url: string;
  port: number;
  state: string;
  audit: string;
}

async function brokerHome(): Promise<Home> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-journal-loss-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'stint.yml'), stackConfig(url, issuer.url));
  return { dir, url, port, state: join(dir, '.stint', 'state'), audit: join(dir, 'audit.jsonl') };
}

function serveIn(home: Home): Promise<RunningBroker> {
  return startBroker({
    dir: home.dir,
    configYaml: readFileSync(join(home.dir, 'stint.yml'), 'utf8'),
    args: ['--port', String(home.port)],
  });
}

async function killHard(broker: RunningBroker): Promise<void> {
  const exited = new Promise((done) => broker.process.once('exit', done));
  broker.process.kill('SIGKILL');
  await exited;
}

async function exchange(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function auditEvents(home: Home, event: string): Array<Record<string, unknown>> {
  if (!existsSync(home.audit)) return [];
  return readFileSync(home.audit, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.event === event);
}

const segments = (state: string): string[] => readdirSync(state).filter((name) => /^journal\.\d+\.jsonl$/.test(name));

/**
 * After a loss: `spent`, exchanged before it, is refused ERR_TOKEN_REPLAY_UNKNOWN (not exchanged a
 * second time), the log and the audit log say what was lost, and a token issued after the cut is
 * exchanged as usual.
 */
async function expectLossReported(home: Home, broker: RunningBroker, spent: string): Promise<void> {
  const replay = await exchange(home.url, spent);
  expect(replay.status, String(replay.body.error_description)).toBe(401);
  expect(replay.body.error).toBe('invalid_token');
  expect(String(replay.body.error_description)).toMatch(
    /^the broker's store lost its records of exchanged tokens at \S+; this token was issued before \S+, so it may have been exchanged already; get a new ID token/,
  );
  const lost = auditEvents(home, 'store_data_lost');
  expect(lost).toHaveLength(1);
  expect(lost[0]).toMatchObject({
    outcome: 'error',
    code: 'ERR_STORE_DATA_LOST',
    detected_by: 'this broker',
    state_dir: home.state,
  });
  const output = broker.output();
  expect(output).toContain('ERR_STORE_DATA_LOST');
  expect(output).toContain(`the state directory ${home.state} lost its journal`);
  expect(output).toContain(`${home.audit}.state.json shows this broker kept its journal there`);
  expect(output).toContain('are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire');
  expect(output).not.toMatch(/\n\s+at /);
  // The exchange refused above was audited as a denial with the code, and left no record.
  const denied = auditEvents(home, 'exchange_denied').at(-1);
  expect(denied).toMatchObject({ code: 'ERR_TOKEN_REPLAY_UNKNOWN' });
  // A token issued after the loss plus 60 s is welcome: wait until the broker's clock allows such an iat.
  const lostAtMs = Date.parse(String(lost[0]!.lost_at));
  await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(lostAtMs + 2_500), { timeout: 30_000, interval: 100 });
  const fresh = await issuer.mint({ aud: home.url, iat: Math.ceil(lostAtMs / 1000) + 61 });
  expect((await exchange(home.url, fresh)).status).toBe(200);
}

/** Nothing in the log or the audit log speaks of a loss. */
function expectNoLoss(home: Home, broker: RunningBroker): void {
  expect(broker.output()).not.toContain('ERR_STORE_DATA_LOST');
  expect(broker.output()).not.toContain('lost its journal');
  expect(auditEvents(home, 'store_data_lost')).toEqual([]);
}

describe('a state directory that lost its journal', () => {
  it('emptied after kill -9: the replay is refused ERR_TOKEN_REPLAY_UNKNOWN, and the log and the audit log say so', async () => {
    const home = await brokerHome();
    let broker = await serveIn(home);
    const spent = await issuer.mint({ aud: home.url });
    expect((await exchange(home.url, spent)).status).toBe(200);
    await killHard(broker);

    for (const name of segments(home.state)) writeFileSync(join(home.state, name), '');
    rmSync(join(home.state, 'state.lock'), { force: true });

    broker = await serveIn(home);
    try {
      await expectLossReported(home, broker, spent);
    } finally {
      await broker.stop();
    }

    // The loss is kept in the new journal: after a restart the token is still refused, and the loss
    // is not reported a second time.
    broker = await serveIn(home);
    try {
      const again = await exchange(home.url, spent);
      expect(again.status).toBe(401);
      expect(again.body.error_description).toMatch(/lost its records of exchanged tokens/);
      expect(auditEvents(home, 'store_data_lost')).toHaveLength(1);
      expect(broker.output()).not.toContain('ERR_STORE_DATA_LOST');
    } finally {
      await broker.stop();
    }
  });

  it('moved aside while the broker was stopped: the same', async () => {
    const home = await brokerHome();
    let broker = await serveIn(home);
    const spent = await issuer.mint({ aud: home.url });
    expect((await exchange(home.url, spent)).status).toBe(200);
    await broker.stop();

    renameSync(home.state, `${home.state}.aside`);

    broker = await serveIn(home);
    try {
      await expectLossReported(home, broker, spent);
    } finally {
      await broker.stop();
    }
  });

  it('lost again at the next start: each new process exports when it found its loss, as StintStoreDataLost reads it', async () => {
    // A volume not mounted at each start: the counter is 1 in each process, so only the time can
    // show Prometheus (deploy/prometheus/stint-alerts.yml) that a second loss was found.
    const home = await brokerHome();
    const lossMetrics = async (url: string): Promise<{ total: number; at: number }> => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const sample = (name: string): number => {
        const line = text.split('\n').find((l) => l.startsWith(`${name} `));
        expect(line, `${name} in /metrics`).toBeDefined();
        return Number(line!.slice(name.length + 1));
      };
      return { total: sample('stint_store_data_lost_total'), at: sample('stint_store_data_lost_timestamp_seconds') };
    };
    let broker = await serveIn(home);
    try {
      expect(await lossMetrics(home.url)).toEqual({ total: 0, at: 0 });
    } finally {
      await broker.stop();
    }
    const found: number[] = [];
    for (const aside of ['aside-1', 'aside-2']) {
      renameSync(home.state, `${home.state}.${aside}`);
      const before = Date.now() / 1000;
      broker = await serveIn(home);
      try {
        const running = broker;
        await vi.waitFor(
          () => expect(running.output()).toContain(`the state directory ${home.state} lost its journal`),
          {
            timeout: 30_000,
            interval: 50,
          },
        );
        const { total, at } = await lossMetrics(home.url);
        expect(total).toBe(1);
        expect(at).toBeGreaterThanOrEqual(Math.floor(before));
        expect(at).toBeLessThanOrEqual(Date.now() / 1000);
        found.push(at);
      } finally {
        await broker.stop();
      }
    }
    expect(found[1]).toBeGreaterThan(found[0]!);
    expect(auditEvents(home, 'store_data_lost')).toHaveLength(2);
  });

  it('a damaged record beside the audit log stops the start, untouched, until restored (the loss is then reported) or deleted', async () => {
    const home = await brokerHome();
    const record = `${home.audit}.state.json`;
    let broker = await serveIn(home);
    const spent = await issuer.mint({ aud: home.url });
    expect((await exchange(home.url, spent)).status).toBe(200);
    await broker.stop();
    const backup = readFileSync(record, 'utf8');

    // The journal emptied, and the record cut short: read as no record, the loss would pass unseen
    // and the spent token would be exchanged a second time.
    for (const name of segments(home.state)) writeFileSync(join(home.state, name), '');
    const damaged = backup.slice(0, 20);
    writeFileSync(record, damaged);
    const refused = await serveIn(home).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/^broker exited with 1 before listening/);
    expect(refused).toContain(
      `stint: ${record}, the record of the journal each state directory holds, is damaged (it is not JSON), so the broker cannot tell whether its state directory lost its journal, and will not start without knowing. Restore the file from a backup; or, to accept that loss detection starts over, delete it`,
    );
    expect(refused).not.toMatch(/\n\s+at /);
    expect(readFileSync(record, 'utf8')).toBe(damaged);

    // Restored from the backup: the loss is found and reported.
    writeFileSync(record, backup);
    broker = await serveIn(home);
    try {
      await expectLossReported(home, broker, spent);
    } finally {
      await broker.stop();
    }

    // Of the wrong shape, then deleted (the documented way out): the broker starts and writes it afresh.
    writeFileSync(record, '{"version":1,"journals":[]}\n');
    await expect(serveIn(home)).rejects.toThrow(/is damaged \(its journals are not an object\)/);
    rmSync(record);
    broker = await serveIn(home);
    try {
      // It serves, and reports no loss again (the journal keeps the one found: tokens from before it stay refused).
      expect(broker.output()).not.toContain('ERR_STORE_DATA_LOST');
      const lostAt = Math.ceil(Date.parse(String(auditEvents(home, 'store_data_lost')[0]!.lost_at)) / 1000);
      expect((await exchange(home.url, await issuer.mint({ aud: home.url, iat: lostAt + 61 }))).status).toBe(200);
      expect((await exchange(home.url, spent)).status).toBe(401);
    } finally {
      await broker.stop();
    }
    expect(Object.keys(JSON.parse(readFileSync(record, 'utf8')).journals)).toEqual([home.state]);
  });

  it('a first start (after `stint keys` wrote the audit log), a clean restart and a restart after kill -9 raise nothing', async () => {
    const home = await brokerHome();
    // A deployment's usual first steps: the audit log has lines before the broker ever ran.
    await run(process.execPath, [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse'], {
      cwd: home.dir,
    });
    expect(readFileSync(home.audit, 'utf8')).not.toBe('');

    let broker = await serveIn(home);
    const spent = await issuer.mint({ aud: home.url });
    // Issued before the restarts, exchanged only after them: no loss, so no refusal.
    const later = await issuer.mint({ aud: home.url });
    try {
      expect((await exchange(home.url, spent)).status).toBe(200);
      expectNoLoss(home, broker);
    } finally {
      await broker.stop();
    }

    broker = await serveIn(home);
    try {
      expectNoLoss(home, broker);
    } finally {
      await killHard(broker);
    }

    broker = await serveIn(home);
    try {
      const replay = await exchange(home.url, spent);
      expect(replay.status).toBe(401);
      expect(String(replay.body.error_description)).toMatch(/already exchanged/);
      expect((await exchange(home.url, later)).status).toBe(200);
      expectNoLoss(home, broker);
    } finally {
      await broker.stop();
    }
  });
});
