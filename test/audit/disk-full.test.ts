import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, type RunningBroker, startBroker, startBrokerAt } from '../helpers/broker.js';
import { fill, PAGE, smallDisk, tmpfsRefused } from '../helpers/tmpfs.js';

/**
 * The BUILT broker with its audit log on a small tmpfs that fills up under it: a write cut short
 * by ENOSPC must leave no part of a line in the file, the broker must take writes again once
 * there is space (no restart), and the file must verify and reopen.
 *
 * Needs root to mount a tmpfs (as in CI and this sandbox); skipped elsewhere, never under CI.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh dir with a tmpfs of `size` mounted at `<dir>/audit`; unmounted after the test. */
function smallAuditDisk(size: string): { root: string; mount: string } {
  const disk = smallDisk(size, 'audit');
  cleanups.push(disk.remove);
  return disk;
}

interface Setup {
  issuer: GithubIssuer;
  broker: RunningBroker;
  audit: string;
  exchange(): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
}

async function setUp(mount: string, root: string): Promise<Setup> {
  const issuer = await startGithubIssuer();
  cleanups.push(() => issuer.stop());
  const audit = join(mount, 'audit.jsonl');
  const brokerDir = join(root, 'broker');
  mkdirSync(brokerDir);
  const config = (url: string): string =>
    stackConfig(url, issuer.url).replace('audit: { file: audit.jsonl }', `audit: { file: ${JSON.stringify(audit)} }`);
  const broker = await startBrokerAt(config, { dir: brokerDir });
  cleanups.push(() => broker.stop());
  return {
    issuer,
    broker,
    audit,
    async exchange() {
      const token = await issuer.mint({ aud: broker.url });
      const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, project: 'warehouse' }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Record<string, unknown>,
      };
    },
  };
}

function verify(file: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CLI, 'audit', 'verify', file], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

function lines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Brings the log to a write that the disk cuts short: the log's last page has room left, the
 * broker's lock file (made anew after 50 ms idle) gets the one page kept free, and lines go on
 * until one crosses into a page there is none left for. Returns the audit ids answered 200
 * meanwhile and a refused answer.
 */
async function fillUntilRefused(
  setup: Setup,
  mount: string,
): Promise<{ issued: string[]; refused: Awaited<ReturnType<Setup['exchange']>> }> {
  const issued: string[] = [];
  // A log that ends on a page boundary would fail its next write whole: no torn line to test.
  for (let i = 0; statSync(setup.audit).size % PAGE === 0; i++) {
    expect(i, 'the log keeps ending on a page boundary').toBeLessThan(5);
    const answer = await setup.exchange();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    issued.push(answer.body.audit_id as string);
  }
  // The broker lets its lock go after 50 ms without writes: fill the disk while it holds none.
  await vi.waitFor(() => expect(existsSync(`${setup.audit}.lock`)).toBe(false), { timeout: 30_000, interval: 20 });
  fill(mount, 1);
  // Several at once, so that a batch of lines meets the full disk (those written whole stay, and are answered).
  for (let round = 0; ; round++) {
    expect(round, 'the disk never filled up').toBeLessThan(50);
    const answers = await Promise.all(Array.from({ length: 6 }, () => setup.exchange()));
    for (const answer of answers) if (answer.status === 200) issued.push(answer.body.audit_id as string);
    const refused = answers.find((answer) => answer.status !== 200);
    if (refused !== undefined) return { issued, refused };
  }
}

describe.runIf(tmpfsRefused === undefined || process.env.CI !== undefined)(
  'the audit log on a disk that fills up',
  () => {
    beforeAll(() => {
      expect(tmpfsRefused, 'with CI set this runs as root able to mount a tmpfs, as .ci/run does').toBeUndefined();
    });

    it('cuts a write the full disk cut short back to whole lines, answers 503 with Retry-After and /readyz 503 meanwhile, takes writes again once there is room (no restart), and the file verifies and reopens', async () => {
      const { root, mount } = smallAuditDisk('2m');
      const setup = await setUp(mount, root);
      const url = setup.broker.url;
      for (let i = 0; i < 3; i++) expect((await setup.exchange()).status).toBe(200);

      const { issued, refused } = await fillUntilRefused(setup, mount);
      // Fail closed, and say it is temporary: the caller (the action) retries.
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(refused.body).toMatchObject({
        error: 'temporarily_unavailable',
        error_description: 'the broker cannot write its audit log; try again shortly',
      });
      expect(refused.headers.get('retry-after')).toBe('5');
      const refusedIds = [refused.headers.get('x-request-id')];
      // No part of a line is left: the file ends with a whole line and still verifies.
      expect(readFileSync(setup.audit, 'utf8').endsWith('\n')).toBe(true);
      expect(verify(setup.audit).status).toBe(0);
      await vi.waitFor(
        () => expect(setup.broker.output()).toContain(`audit log ${setup.audit} could not be written (ENOSPC`),
        { timeout: 30_000, interval: 50 },
      );

      // The last page too, while the broker holds no lock: now not even its lock file can be made.
      await vi.waitFor(() => expect(existsSync(`${setup.audit}.lock`)).toBe(false), { timeout: 30_000, interval: 20 });
      fill(mount, 0, 'filler2');
      const noLock = await setup.exchange();
      expect(noLock.status, JSON.stringify(noLock.body)).toBe(503);
      expect(noLock.headers.get('retry-after')).toBe('5');
      refusedIds.push(noLock.headers.get('x-request-id'));
      await vi.waitFor(
        () =>
          expect(setup.broker.output()).toContain(
            `audit log ${setup.audit}: its lock file ${setup.audit}.lock could not be created (ENOSPC`,
          ),
        { timeout: 30_000, interval: 50 },
      );
      const unready = await fetch(`${url}/readyz`);
      expect(unready.status).toBe(503);
      // Public: the errno, not the path (that is in the broker's log).
      expect(await unready.json()).toEqual({
        status: 'unavailable',
        reason: 'the broker cannot write its audit log (ENOSPC)',
      });

      // Room again: /readyz alone (no exchange; a load balancer sends none to an unready broker) brings it back.
      rmSync(join(mount, 'filler'));
      rmSync(join(mount, 'filler2'));
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      const afterReady = lines(setup.audit);
      // The first line after the failure says since when the log could not be written and how many events were refused.
      expect(afterReady.at(-1)).toMatchObject({
        event: 'audit_write_failed',
        outcome: 'error',
        code: 'ERR_AUDIT_WRITE',
        instance: expect.any(String),
      });
      expect(afterReady.at(-1)!.reason).toMatch(
        /^the audit log could not be written from \S+ until this line \(last error: ENOSPC\); (1 event was|[1-9]\d* events were) refused meanwhile and are not in the log$/,
      );
      const after = await setup.exchange();
      expect(after.status, JSON.stringify(after.body)).toBe(200);
      issued.push(after.body.audit_id as string);

      const checked = verify(setup.audit);
      expect(checked.status, checked.output).toBe(0);
      const written = lines(setup.audit);
      expect(written.filter((line) => line.event === 'audit_write_failed')).toHaveLength(1);
      // Nothing answered 200 is missing from the log, and the refused exchanges issued nothing.
      const issuedInLog = new Set(
        written.filter((line) => line.event === 'token_issued').map((line) => line.request_id),
      );
      for (const id of issued) expect(issuedInLog.has(id), id).toBe(true);
      for (const id of refusedIds) expect(issuedInLog.has(id), String(id)).toBe(false);

      // And a restart on the file opens it and goes on with its chain.
      await setup.broker.stop();
      const again = await startBroker({
        configYaml: readFileSync(join(root, 'broker', 'stint.yml'), 'utf8'),
        dir: join(root, 'broker'),
        args: ['--port', new URL(url).port],
      });
      cleanups.push(() => again.stop());
      const next = await setup.exchange();
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(verify(setup.audit).status).toBe(0);
    }, 240_000);
  },
);
