import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * An audit log that lost lines at its end (review-ops findings 9 and 3), with the BUILT broker and
 * CLI: whole lines cut off the end (a restore from an older snapshot, a truncation) are refused at
 * start and while running, with the file and `audit.jsonl.chain` left as they were and no seq
 * given out twice; the runbooks of ERR_AUDIT_TRUNCATED and ERR_AUDIT_CORRUPT, followed as written,
 * leave a new log that `stint audit verify` passes with the documented `--after`.
 */
let issuer: GithubIssuer;
const dirs: string[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function ownDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-cut-log-'));
  dirs.push(dir);
  return dir;
}

function start(dir: string): Promise<RunningBroker> {
  return startBrokerAt((url) => stackConfig(url, issuer.url), { dir });
}

async function exchange(broker: RunningBroker): Promise<Response> {
  return fetch(`${broker.url}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issuer.mint({ aud: broker.url }), project: 'warehouse' }),
  });
}

async function exchanges(broker: RunningBroker, count: number): Promise<void> {
  for (let i = 0; i < count; i++) expect((await exchange(broker)).status).toBe(200);
}

const records = (text: string): Array<{ seq: number; prev: string; hash: string; event: string; reason: unknown }> =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

/** No `seq` is in two lines of these files (a torn last line, no `}` at its end, is not counted). */
function expectNoSeqTwice(dir: string, names: string[]): void {
  const seqs = names.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line.endsWith('}'))
      .map((line) => (JSON.parse(line) as { seq: number }).seq),
  );
  expect(seqs.length).toBeGreaterThan(names.length);
  expect(new Set(seqs).size).toBe(seqs.length);
}

/** The broker's refusal to start: the error startBrokerAt rejects with carries its output. */
async function refusal(dir: string): Promise<string> {
  const error = await start(dir).then(
    async (broker) => {
      await broker.stop();
      throw new Error('the broker started');
    },
    (failure: unknown) => failure as Error,
  );
  return error.message;
}

describe('an audit log with lines cut off its end', () => {
  it('is refused at start, both files left as evidence; the runbook’s new log continues after the last line written, and verifies with the --after it names (ERR_AUDIT_TRUNCATED)', async () => {
    const dir = ownDir();
    const at = (name: string): string => join(dir, name);
    const stint = (...args: string[]) => runCli(args, { cwd: dir });
    let broker = await start(dir);
    await exchanges(broker, 4);
    await broker.stop();
    const written = records(readFileSync(at('audit.jsonl'), 'utf8'));
    const last = written.at(-1)!;
    const chain = readFileSync(at('audit.jsonl.chain'), 'utf8');
    expect(chain.trimEnd()).toBe(`${last.seq}:${last.hash}`);

    // A restore from an older snapshot: the file ends two whole lines earlier.
    const kept = written.length - 2;
    const cut = `${readFileSync(at('audit.jsonl'), 'utf8').split('\n').slice(0, kept).join('\n')}\n`;
    writeFileSync(at('audit.jsonl'), cut);
    const truncated = await refusal(dir);
    expect(truncated).toContain(
      `ends at line ${kept} (hash ${written[kept - 1]!.hash.slice(0, 16)}…), but ${at('audit.jsonl')}.chain records line ${last.seq}`,
    );
    expect(truncated).toContain(`lines ${kept + 1}-${last.seq} were cut off its end`);
    expect(truncated).toContain(`stint audit verify ${at('audit.jsonl')} --after ${last.seq}:${last.hash}`);
    // Nothing written, nothing overwritten.
    expect(readFileSync(at('audit.jsonl'), 'utf8')).toBe(cut);
    expect(readFileSync(at('audit.jsonl.chain'), 'utf8')).toBe(chain);

    // The runbook: keep the cut file and a copy of .chain as evidence, and start again.
    copyFileSync(at('audit.jsonl.chain'), at('audit.jsonl.cut.chain'));
    renameSync(at('audit.jsonl'), at('audit.jsonl.cut'));
    broker = await start(dir);
    await exchanges(broker, 2);
    await broker.stop();
    const resumed = records(readFileSync(at('audit.jsonl'), 'utf8'));
    expect(resumed[0]).toMatchObject({ seq: last.seq + 1, prev: last.hash });
    const alone = await stint('audit', 'verify', 'audit.jsonl');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--after "$(cat OLD.chain)"');
    // The .chain copy as the runbook passes it: "$(cat …)" keeps the spaces that pad the record.
    const after = readFileSync(at('audit.jsonl.cut.chain'), 'utf8').replace(/\n$/, '');
    expect(after).toMatch(/ $/);
    const verified = await stint('audit', 'verify', 'audit.jsonl', '--after', after);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`${resumed.length} lines, hash chain intact, continuing ${last.seq}:`);
    // The cut file and the new one together show the gap.
    const gap = await stint('audit', 'verify', 'audit.jsonl.cut', 'audit.jsonl');
    expect(gap.code).toBe(1);
    expect(gap.stderr).toContain(`line 1: has seq ${last.seq + 1}`);
    expect(gap.stderr).toContain(`ends at seq ${kept}`);
    expect(gap.stderr).toContain('lines were cut off the end of');

    // No seq was given out twice across the two files.
    expectNoSeqTwice(dir, ['audit.jsonl.cut', 'audit.jsonl']);
  });

  it('ERR_AUDIT_CORRUPT (last line cut short): the runbook followed as written leaves a new log that verifies with the --after the refusal names, or the .chain copy it keeps', async () => {
    const dir = ownDir();
    const at = (name: string): string => join(dir, name);
    const stint = (...args: string[]) => runCli(args, { cwd: dir });
    let broker = await start(dir);
    await exchanges(broker, 2);
    await broker.stop();
    const whole = readFileSync(at('audit.jsonl'), 'utf8');
    writeFileSync(at('audit.jsonl'), whole.slice(0, -20));
    const corrupt = await refusal(dir);
    expect(corrupt).toContain('its last line is incomplete');
    const told = /`stint audit verify (\S+) --after (\S+)`/.exec(corrupt);
    expect(told, corrupt).not.toBeNull();
    copyFileSync(at('audit.jsonl.chain'), at('audit.jsonl.broken.chain'));
    renameSync(at('audit.jsonl'), at('audit.jsonl.broken'));
    broker = await start(dir);
    await exchanges(broker, 1);
    await broker.stop();
    const told2 = await stint('audit', 'verify', told![1]!, '--after', told![2]!);
    expect(told2.stderr).toBe('');
    expect(told2.code).toBe(0);
    const fromCopy = await stint(
      'audit',
      'verify',
      'audit.jsonl',
      '--after',
      readFileSync(at('audit.jsonl.broken.chain'), 'utf8').replace(/\n$/, ''),
    );
    expect(fromCopy.code).toBe(0);
    expectNoSeqTwice(dir, ['audit.jsonl.broken', 'audit.jsonl']);
  });

  it('under a running broker: every event is refused (503, /readyz 503) with no seq reused, until the file is moved aside; then the log goes on from .chain, saying so', async () => {
    const dir = ownDir();
    const at = (name: string): string => join(dir, name);
    const broker = await start(dir);
    try {
      await exchanges(broker, 3);
      const text = readFileSync(at('audit.jsonl'), 'utf8');
      const written = records(text);
      const last = written.at(-1)!;
      const chain = readFileSync(at('audit.jsonl.chain'), 'utf8');
      // Whole lines cut off the end in place (same file), under the running broker.
      const cut = `${text
        .split('\n')
        .slice(0, written.length - 2)
        .join('\n')}\n`;
      writeFileSync(at('audit.jsonl'), cut);

      const refused = await exchange(broker);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      const ready = await fetch(`${broker.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(readFileSync(at('audit.jsonl'), 'utf8')).toBe(cut);
      expect(readFileSync(at('audit.jsonl.chain'), 'utf8')).toBe(chain);
      expect(broker.output()).toContain('were cut off its end');

      // The runbook: move the file aside (no restart).
      renameSync(at('audit.jsonl'), at('audit.jsonl.cut'));
      expect((await exchange(broker)).status).toBe(200);
      const [marker, issued] = records(readFileSync(at('audit.jsonl'), 'utf8'));
      expect(marker).toMatchObject({ seq: last.seq + 1, prev: last.hash, event: 'audit_write_failed' });
      expect(String(marker!.reason)).toContain('ERR_AUDIT_TRUNCATED');
      expect(issued).toMatchObject({ seq: last.seq + 2, event: 'token_issued' });
      expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
      const verified = await runCli(['audit', 'verify', 'audit.jsonl', '--after', `${last.seq}:${last.hash}`], {
        cwd: dir,
      });
      expect(verified.code).toBe(0);

      // Its last line cut short under it (ERR_AUDIT_CORRUPT): the same, refused until moved aside.
      const whole = readFileSync(at('audit.jsonl'), 'utf8');
      const lastWritten = records(whole).at(-1)!;
      writeFileSync(at('audit.jsonl'), whole.slice(0, -20));
      expect((await exchange(broker)).status).toBe(503);
      expect(broker.output()).toContain('its last line is incomplete');
      renameSync(at('audit.jsonl'), at('audit.jsonl.broken'));
      expect((await exchange(broker)).status).toBe(200);
      expect(records(readFileSync(at('audit.jsonl'), 'utf8'))[0]).toMatchObject({
        seq: lastWritten.seq + 1,
        prev: lastWritten.hash,
        event: 'audit_write_failed',
      });
    } finally {
      await broker.stop();
    }
  });
});
