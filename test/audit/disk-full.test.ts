import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { CLI, type RunningBroker, startBroker, startBrokerAt } from '../helpers/broker.js';

/**
 * The BUILT broker with its audit log on a small tmpfs that fills up under it: a write cut short
 * by ENOSPC must leave no part of a line in the file, the broker must take writes again once
 * there is space (no restart), and the file must verify and reopen.
 *
 * Needs root to mount a tmpfs (as in CI and this sandbox); skipped elsewhere, never under CI.
 */
const PAGE = 4096;

/** Why a tmpfs cannot be mounted here, or undefined when it can (tried once, at load). */
const mountRefused = ((): string | undefined => {
  if (process.getuid?.() !== 0) return 'not root';
  const dir = mkdtempSync(join(tmpdir(), 'stint-tmpfs-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) return `mount refused: ${mounted.stderr || mounted.error?.message}`;
    spawnSync('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
/** With CI set nothing is left out (.ci/run runs as root): the test runs and fails loudly instead. */
const ci = process.env.CI !== undefined;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh dir with a tmpfs of `size` (mode 0700) mounted at `<dir>/audit`; unmounted after the test. */
function smallDisk(size: string): { root: string; mount: string } {
  const root = mkdtempSync(join(tmpdir(), 'stint-disk-full-'));
  const mount = join(root, 'audit');
  mkdirSync(mount);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mount], {
    encoding: 'utf8',
  });
  expect(mounted.status, mounted.stderr).toBe(0);
  cleanups.push(() => {
    spawnSync('umount', ['-l', mount]);
    rmSync(root, { recursive: true, force: true });
  });
  return { root, mount };
}

/** Fills the tmpfs with `<mount>/filler` until ENOSPC, then frees `keepPages` pages of it. */
function fill(mount: string, keepPages: number): string {
  const filler = join(mount, 'filler');
  const fd = openSync(filler, 'w');
  try {
    const chunk = Buffer.alloc(PAGE, 0x78);
    for (;;) {
      try {
        if (writeSync(fd, chunk) < PAGE) break;
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        break;
      }
    }
    const pages = Math.floor(fstatSync(fd).size / PAGE);
    ftruncateSync(fd, Math.max(0, pages - keepPages) * PAGE);
  } finally {
    closeSync(fd);
  }
  return filler;
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

describe.runIf(mountRefused === undefined || ci)('the audit log on a disk that fills up', () => {
  beforeAll(() => {
    expect(mountRefused, 'with CI set this runs as root able to mount a tmpfs, as .ci/run does').toBeUndefined();
  });

  it('cuts a write the full disk cut short off whole, takes writes again once there is room (no restart), and the file verifies and reopens', async () => {
    const { root, mount } = smallDisk('2m');
    const setup = await setUp(mount, root);
    for (let i = 0; i < 3; i++) expect((await setup.exchange()).status).toBe(200);

    const { issued, refused } = await fillUntilRefused(setup, mount);
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const refusedId = refused.headers.get('x-request-id');
    // No part of a line is left: the file ends with a whole line and still verifies.
    expect(readFileSync(setup.audit, 'utf8').endsWith('\n')).toBe(true);
    expect(verify(setup.audit).status).toBe(0);
    await vi.waitFor(() => expect(setup.broker.output()).toContain('ENOSPC'), { timeout: 30_000, interval: 50 });

    // Room again: the broker takes writes again by itself.
    rmSync(join(mount, 'filler'));
    const after = await setup.exchange();
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    issued.push(after.body.audit_id as string);

    const checked = verify(setup.audit);
    expect(checked.status, checked.output).toBe(0);
    const written = lines(setup.audit);
    // The first line after the failure says since when the log could not be written and how many events were refused.
    const gap = written.filter((line) => line.event === 'audit_write_failed');
    expect(gap).toHaveLength(1);
    expect(gap[0]).toMatchObject({ outcome: 'error', code: 'ERR_AUDIT_WRITE', instance: expect.any(String) });
    expect(gap[0]!.reason).toMatch(
      /^the audit log could not be written from \S+ until this line \(last error: ENOSPC\); (1 event was|[1-9]\d* events were) refused meanwhile and are not in the log$/,
    );
    // Nothing answered 200 is missing from the log, and the refused exchange issued nothing.
    const issuedInLog = new Set(written.filter((line) => line.event === 'token_issued').map((line) => line.request_id));
    for (const id of issued) expect(issuedInLog.has(id), id).toBe(true);
    expect(issuedInLog.has(refusedId)).toBe(false);

    // And a restart on the file opens it and goes on with its chain.
    await setup.broker.stop();
    const again = await startBroker({
      configYaml: readFileSync(join(root, 'broker', 'stint.yml'), 'utf8'),
      dir: join(root, 'broker'),
      args: ['--port', new URL(setup.broker.url).port],
    });
    cleanups.push(() => again.stop());
    const next = await setup.exchange();
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(verify(setup.audit).status).toBe(0);
  }, 240_000);
});
