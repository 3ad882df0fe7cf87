import { copyFileSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { stackConfig } from '../broker/stack.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * One audit trail across rotated files and a log shipper (issue 16 item 5), with the BUILT broker
 * and CLI: `audit.stdout: true` copies every line to stdout after the listening line; a file
 * moved aside (logrotate's `create`) or emptied in place (`copytruncate`) under the running broker
 * is continued by the next file's first line; `stint audit verify OLD… NEW` follows the links and
 * names a file left out, lines cut off the end of one, and a file given alone without `--after`.
 */
let issuer: GithubIssuer;
let broker: RunningBroker;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: broker.dir });
}

async function exchanges(count: number, to: RunningBroker = broker): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${to.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await issuer.mint({ aud: to.url }), project: 'warehouse' }),
    });
    expect(response.status).toBe(200);
  }
}

const read = (name: string): string => readFileSync(join(broker.dir, name), 'utf8');
const records = (text: string): Array<Record<string, unknown>> =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Polls until `check` holds (the stdout copy arrives through a pipe); 60 s ceiling. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  issuer = await startGithubIssuer();
  broker = await startBrokerAt((url) =>
    stackConfig(url, issuer.url).replace('audit: { file: audit.jsonl }', 'audit: { file: audit.jsonl, stdout: true }'),
  );
});
afterAll(async () => {
  await broker?.stop();
  await issuer?.stop();
});

describe('audit trail across rotated files, and on stdout', () => {
  it('continues the chain in the next file after a rename and after copytruncate, copies every line to stdout, and verify follows the links', async () => {
    await exchanges(3);
    // logrotate `create`: the file is renamed; the broker's next line goes to a new file at the path.
    renameSync(join(broker.dir, 'audit.jsonl'), join(broker.dir, 'audit.jsonl.2'));
    await exchanges(2);
    // logrotate `copytruncate`: copied, then emptied in place.
    copyFileSync(join(broker.dir, 'audit.jsonl'), join(broker.dir, 'audit.jsonl.1'));
    truncateSync(join(broker.dir, 'audit.jsonl'), 0);
    await exchanges(2);

    const [oldest, middle, current] = ['audit.jsonl.2', 'audit.jsonl.1', 'audit.jsonl'].map((f) => records(read(f)));
    // key_rotated at start-up, then 3 exchanges; 2; 2. seq runs on across the files.
    expect(oldest!.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(middle!.map((r) => r.seq)).toEqual([5, 6]);
    expect(current!.map((r) => r.seq)).toEqual([7, 8]);
    expect(middle![0]!.prev).toBe(oldest!.at(-1)!.hash);
    expect(current![0]!.prev).toBe(middle!.at(-1)!.hash);
    for (const record of [...oldest!, ...middle!, ...current!]) expect(typeof record.instance).toBe('string');

    // stdout: the listening line first, then the same lines as the files, byte for byte, in order.
    const all = read('audit.jsonl.2') + read('audit.jsonl.1') + read('audit.jsonl');
    await until(
      '8 audit lines on stdout',
      () =>
        broker
          .stdout()
          .split('\n')
          .filter((l) => l.includes('"hash":"')).length >= 8,
    );
    expect(broker.stdout().startsWith('stint broker listening on ')).toBe(true);
    const shipped = broker
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{"seq":'));
    expect(`${shipped.join('\n')}\n`).toBe(all);

    const across = await stint(['audit', 'verify', 'audit.jsonl.2', 'audit.jsonl.1', 'audit.jsonl']);
    expect(across.stderr).toBe('');
    expect(across.code).toBe(0);
    expect(across.stdout).toContain('8 lines, hash chain intact across 3 files');
    expect(across.stdout).toContain(`anchor 8:${current!.at(-1)!.hash}`);

    // The current file alone starts mid-chain: refused, unless --after gives the earlier file's anchor.
    const alone = await stint(['audit', 'verify', 'audit.jsonl']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/^audit log audit\.jsonl: line 1: continues a chain from an earlier file \(seq 7/);
    const anchored = await stint(['audit', 'verify', 'audit.jsonl', '--after', `6:${String(middle!.at(-1)!.hash)}`]);
    expect(anchored).toMatchObject({ code: 0 });
    expect(anchored.stdout).toContain('2 lines, hash chain intact, continuing 6:');
    const wrongAfter = await stint(['audit', 'verify', 'audit.jsonl', '--after', `6:${String(oldest!.at(-1)!.hash)}`]);
    expect(wrongAfter.code).toBe(1);
    expect(wrongAfter.stderr).toContain('does not follow --after 6:');

    // A file left out, files out of order, and a line cut off the end of a rotated file are named.
    const skipped = await stint(['audit', 'verify', 'audit.jsonl.2', 'audit.jsonl', '--json']);
    expect(skipped.code).toBe(1);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ ok: false, file: 'audit.jsonl', line: 1 });
    expect(JSON.parse(skipped.stdout).reason).toContain('a file between them is missing');
    const reversed = await stint(['audit', 'verify', 'audit.jsonl.2', 'audit.jsonl', 'audit.jsonl.1']);
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toMatch(/^audit log audit\.jsonl: line 1: has seq 7 .*or the files are out of order/);
    const lines = read('audit.jsonl.2').trimEnd().split('\n');
    writeFileSync(join(broker.dir, 'cut.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    const cut = await stint(['audit', 'verify', 'cut.jsonl', 'audit.jsonl.1', 'audit.jsonl']);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(
      /^audit log audit\.jsonl\.1: line 1: has seq 5 .* ends at seq 3 .*lines were cut off the end of/,
    );

    // `stint audit query` reads the rotated series, checking each file's chain.
    const query = await stint(['audit', 'query', 'audit.jsonl.2', 'audit.jsonl.1', 'audit.jsonl', '--json']);
    expect(query.code).toBe(0);
    const found = query.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number });
    expect(found.map((r) => r.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const edited = read('audit.jsonl.1').replace('"outcome":"success"', '"outcome":"denied"');
    writeFileSync(join(broker.dir, 'edited.jsonl'), edited);
    const refused = await stint(['audit', 'query', 'audit.jsonl.2', 'edited.jsonl', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('edited.jsonl: line 1 does not match its hash');
  });

  it('keeps one chain whoever writes first after a rotation: the CLI wrote last before copytruncate, and first after a rename', async () => {
    // Its own broker, so the chain starts clean. The CLI (`stint keys create-api-key`) writes into
    // the running broker's log; each rotation comes right after one of its lines, or before it.
    const own = await startBrokerAt((url) => stackConfig(url, issuer.url));
    try {
      const at = (name: string): string => join(own.dir, name);
      const createKey = async (name: string): Promise<void> => {
        const created = await runCli(
          ['keys', 'create-api-key', '--project', 'warehouse', '--name', name, '--config', 'stint.yml'],
          { cwd: own.dir },
        );
        expect(created.code, created.stderr).toBe(0);
      };
      await exchanges(1, own);
      await createKey('k1');
      // copytruncate right after the CLI's line: the broker writes next, and must follow that line.
      copyFileSync(at('audit.jsonl'), at('r1.jsonl'));
      truncateSync(at('audit.jsonl'), 0);
      await exchanges(1, own);
      // A rename, and the CLI writes first into the new file.
      renameSync(at('audit.jsonl'), at('r2.jsonl'));
      await createKey('k2');
      await exchanges(1, own);

      const [r1, r2, current] = ['r1.jsonl', 'r2.jsonl', 'audit.jsonl'].map((f) =>
        records(readFileSync(at(f), 'utf8')),
      );
      // key_rotated at start-up, an exchange, the CLI's key; an exchange; the CLI's key, an exchange.
      expect(r1!.map((r) => [r.seq, r.event])).toEqual([
        [1, 'key_rotated'],
        [2, 'token_issued'],
        [3, 'apikey_created'],
      ]);
      expect(r2!.map((r) => [r.seq, r.event, r.prev])).toEqual([[4, 'token_issued', r1![2]!.hash]]);
      expect(current!.map((r) => [r.seq, r.event])).toEqual([
        [5, 'apikey_created'],
        [6, 'token_issued'],
      ]);
      expect(current![0]!.prev).toBe(r2![0]!.hash);
      const verified = await runCli(['audit', 'verify', 'r1.jsonl', 'r2.jsonl', 'audit.jsonl'], { cwd: own.dir });
      expect(verified.stderr).toBe('');
      expect(verified.stdout).toContain(`6 lines, hash chain intact across 3 files; anchor 6:${current![1]!.hash}`);
      expect(verified.code).toBe(0);
      // Where the chain ends is kept beside the log, as private as the log.
      expect(readFileSync(at('audit.jsonl.chain'), 'utf8').trimEnd()).toBe(`6:${current![1]!.hash}`);
      expect(statSync(at('audit.jsonl.chain')).mode & 0o777).toBe(0o600);
    } finally {
      await own.stop();
    }
  });
});
