import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { freePort, type RunningBroker, startBroker } from '../helpers/broker.js';

/**
 * The embedded store's state directory across versions (docs/broker.md#state-on-disk): the BUILT broker
 * leaves, on a clean stop, only the entries every version reads (a refused exchange's un-claim
 * line is compacted away), and refuses a directory a newer stint wrote, saying so and changing
 * nothing, rather than calling it damaged and advising to move it aside.
 */

const dirs: string[] = [];
let issuer: GithubIssuer;

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A broker dir that outlives its brokers, its audit log under `audit/`. */
async function brokerHome(): Promise<{ dir: string; url: string; port: number; state: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-rollback-'));
  dirs.push(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'stint.yml'),
    stackConfig(url, issuer.url).replace('audit: { file: audit.jsonl }', 'audit: { file: audit/audit.jsonl }'),
  );
  return { dir, url, port, state: join(dir, '.stint', 'state') };
}

function serveIn(home: { dir: string; port: number }): Promise<RunningBroker> {
  return startBroker({
    dir: home.dir,
    configYaml: readFileSync(join(home.dir, 'stint.yml'), 'utf8'),
    args: ['--port', String(home.port)],
  });
}

async function exchange(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project: 'warehouse' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every journal line in the state directory. */
function journalLines(state: string): string[] {
  return readdirSync(state)
    .filter((name) => /^journal\.\d+\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(state, name), 'utf8').split('\n'))
    .filter((line) => line !== '');
}

/** Name, mode, size and bytes of every file in `dir`. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const { mode, size } = statSync(path);
    files[name] = `${mode.toString(8)} ${size} ${readFileSync(path).toString('base64')}`;
  }
  return files;
}

describe('the embedded store across stint versions', () => {
  it('a clean stop after a refused exchange leaves no un-claim line, and keeps every record', async () => {
    const home = await brokerHome();
    let broker = await serveIn(home);
    const audit = join(home.dir, 'audit');
    const spent = await issuer.mint({ aud: home.url });
    const refusedToken = await issuer.mint({ aud: home.url });
    try {
      expect((await exchange(home.url, spent)).status).toBe(200);
      // The audit log's directory made a file: the next exchange cannot audit, so the broker
      // releases its replay record (an un-claim line) and answers 503. The broker drops the log's
      // lock after 50 ms idle; until then its lock file would still be there to write under.
      await vi.waitFor(() => expect(existsSync(join(audit, 'audit.jsonl.lock'))).toBe(false), {
        timeout: 30_000,
        interval: 20,
      });
      renameSync(audit, `${audit}.away`);
      writeFileSync(audit, '');
      const refused = await exchange(home.url, refusedToken);
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      rmSync(audit);
      renameSync(`${audit}.away`, audit);
      // What an older broker could not read is on disk now.
      expect(journalLines(home.state).filter((line) => line.startsWith('["u",'))).toHaveLength(1);
    } finally {
      await broker.stop();
    }
    expect(broker.exitCode()).toBe(0);

    const lines = journalLines(home.state);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\["[cr]","[^"]+",\d+\]$/);

    broker = await serveIn(home);
    try {
      // The acknowledged record is kept, and the released one is gone.
      const again = await exchange(home.url, spent);
      expect(again.status).toBe(401);
      expect(String(again.body.error_description)).toMatch(/already exchanged/);
      expect((await exchange(home.url, refusedToken)).status).toBe(200);
    } finally {
      await broker.stop();
    }
  });

  it('refuses a journal entry of a kind it does not know as written by a newer stint, changing nothing', async () => {
    const home = await brokerHome();
    const broker = await serveIn(home);
    try {
      expect((await exchange(home.url, await issuer.mint({ aud: home.url }))).status).toBe(200);
    } finally {
      await broker.stop();
    }
    const segment = readdirSync(home.state).find((name) => /^journal\.\d+\.jsonl$/.test(name))!;
    const file = join(home.state, segment);
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}["x","replay:newer",9999999999999]\n["c","replay:after",9999999999999]\n`,
    );
    const line = readFileSync(file, 'utf8').split('\n').length - 2;
    const before = snapshot(home.state);

    const failed = await serveIn(home).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(failed).toContain('broker exited with 1 before listening');
    expect(failed).toContain(
      `stint: ${file}:${line} was written by a newer stint (entry kind 'x'): run that version, or start and stop it once cleanly (it then leaves only entries every version reads) and start this one again; do not move the directory aside: it holds the replay records and revocations`,
    );
    expect(failed).not.toMatch(/damaged|\n\s+at /);
    expect(snapshot(home.state)).toEqual(before);
  });
});
