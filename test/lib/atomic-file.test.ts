/**
 * The broker's state files (the signing keys' manifest and private keys, project API keys, the
 * mTLS CA) are replaced with writeFileAtomic: temp file, fsync, rename, then an fsync of the
 * directory, without which a power cut after the rename can bring back the old file or lose the
 * new one though the command said it was written. Observed from the outside: the BUILT CLI runs
 * under strace(1), and its system calls must show, for each file written, the temp file fsynced
 * before the rename, then the directory opened and fsynced after it. Needs strace (vitest.config.ts
 * leaves this file out without it, except under CI, where it fails).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/broker.js';

let dir: string;

beforeAll(() => {
  // The real path: the CLI resolves the keys dir against its working directory, as strace shows it.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'stint-atomic-file-')));
  writeFileSync(
    join(dir, 'stint.yml'),
    `issuer: https://stint.example.com
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
providers: { github: {} }
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  name: string;
  args: string;
  result: string;
}

/**
 * Runs the built CLI under `strace -f` and returns its exit code, output and the traced calls in
 * the order they completed. A call another thread interrupted is written by strace in two parts
 * (`<unfinished ...>`, then `<... name resumed>`); they are joined per thread.
 */
async function traced(args: string[]): Promise<{ code: number; stdout: string; stderr: string; calls: Call[] }> {
  const out = join(dir, `strace-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=openat,close,fsync,fdatasync,rename,renameat,renameat2',
        '-o',
        out,
        process.execPath,
        CLI,
        ...args,
      ],
      { cwd: dir, timeout: 240_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
  const pending = new Map<string, string>();
  const calls: Call[] = [];
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const match = /^(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, rest] = match as unknown as [string, string, string];
    if (rest.endsWith('<unfinished ...>')) {
      pending.set(pid, rest.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    const whole = resumed ? `${pending.get(pid) ?? ''}${resumed[1]}` : rest;
    if (resumed) pending.delete(pid);
    const call = /^(\w+)\((.*)\)\s+=\s+(-?\d+)/.exec(whole);
    if (call) calls.push({ name: call[1]!, args: call[2]!, result: call[3]! });
  }
  return { ...result, calls };
}

/**
 * Checks the calls that replaced `target` (an absolute path): its temp file (same directory)
 * opened, fsynced and renamed over it, then its directory opened and fsynced, the directory's
 * descriptor not closed in between. Returns a description of what is missing, or undefined.
 */
function durableReplace(calls: Call[], target: string): string | undefined {
  const folder = target.slice(0, target.lastIndexOf('/'));
  const renameAt = calls.findIndex(
    (c) => c.name.startsWith('rename') && c.result === '0' && c.args.endsWith(`"${target}"`),
  );
  if (renameAt === -1) return `no rename onto ${target}`;
  const temp = /"([^"]+)"/.exec(calls[renameAt]!.args)?.[1];
  if (temp === undefined || !temp.startsWith(`${folder}/`)) return `the rename onto ${target} is not from ${folder}`;
  // The temp file: opened (its last open before the rename), then fsynced before the rename.
  const openAt = calls.findLastIndex((c, i) => i < renameAt && c.name === 'openat' && c.args.includes(`"${temp}"`));
  if (openAt === -1) return `${temp} was not opened`;
  const tempFd = calls[openAt]!.result;
  const fileSynced = calls
    .slice(openAt + 1, renameAt)
    .some((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.args === tempFd && c.result === '0');
  if (!fileSynced) return `${temp} (fd ${tempFd}) was not fsynced before the rename`;
  // The directory: opened after the rename, and that descriptor fsynced before it is closed.
  for (let i = renameAt + 1; i < calls.length; i++) {
    const c = calls[i]!;
    if (c.name !== 'openat' || !c.args.includes(`"${folder}"`) || c.result.startsWith('-')) continue;
    const fd = c.result;
    for (const after of calls.slice(i + 1)) {
      if (after.name === 'close' && after.args === fd) break;
      if ((after.name === 'fsync' || after.name === 'fdatasync') && after.args === fd && after.result === '0')
        return undefined;
    }
  }
  return `${folder} was not fsynced after the rename onto ${target}`;
}

describe('state files are replaced durably (fsync, rename, fsync of the directory)', () => {
  it('stint keys rotate --now: the new private key and keys.json', async () => {
    const first = await traced(['keys', 'rotate', '--config', 'stint.yml']);
    expect(first.code, first.stderr).toBe(0);
    expect(durableReplace(first.calls, join(dir, 'keys', 'keys.json'))).toBeUndefined();

    const rotated = await traced(['keys', 'rotate', '--now', '--config', 'stint.yml']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const kid = /^key (\S+) \(EdDSA\) signs now/m.exec(rotated.stdout + rotated.stderr)?.[1];
    expect(kid, rotated.stdout + rotated.stderr).toBeDefined();
    expect(durableReplace(rotated.calls, join(dir, 'keys', `${kid}.pem`))).toBeUndefined();
    expect(durableReplace(rotated.calls, join(dir, 'keys', 'keys.json'))).toBeUndefined();
  });

  it('stint keys create-api-key: api-keys.json', async () => {
    const created = await traced(['keys', 'create-api-key', '--project', 'warehouse', '--config', 'stint.yml']);
    expect(created.code, created.stderr).toBe(0);
    expect(durableReplace(created.calls, join(dir, 'keys', 'api-keys.json'))).toBeUndefined();
  });
});
