import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Stack, startStack } from '../broker/stack.js';
import { startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

/**
 * The audit log as the BUILT broker writes it (issue 14, items 7, 16 and 20): where it may live,
 * what every line holds, and that the broker's own reasons are not mistaken for secrets.
 */
const rootUser = process.getuid?.() === 0;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'stint-audit-place-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A broker config whose audit log is at `auditFile` (absolute), with nothing else to reach. */
const config = (auditFile: string): string => `issuer: https://stint.example.com
keys: { dir: keys }
audit: { file: ${JSON.stringify(auditFile)} }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`;

describe('where the broker writes its audit log (item 7)', () => {
  it('refuses to start when audit.file is a symlink, and neither writes nor chmods the file it points to', async () => {
    const place = tempDir();
    const victim = join(place, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    chmodSync(victim, 0o644);
    symlinkSync(victim, join(place, 'audit.jsonl'));
    await expect(startBroker({ configYaml: config(join(place, 'audit.jsonl')) })).rejects.toThrow(
      /audit\.jsonl is a symbolic link: stint writes only to a file at that name, never through a link/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
  });

  it('refuses a hard link at audit.file: appending would change the other name too', async () => {
    const place = tempDir();
    const victim = join(place, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    linkSync(victim, join(place, 'audit.jsonl'));
    await expect(startBroker({ configYaml: config(join(place, 'audit.jsonl')) })).rejects.toThrow(
      /audit\.jsonl has 2 names \(hard links\)/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses a shared sticky directory such as /tmp for the log', async () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await expect(startBroker({ configYaml: config(join(shared, 'audit.jsonl')) })).rejects.toThrow(
      /shared is shared: other users can create files there \(like \/tmp\)/,
    );
    expect(() => statSync(join(shared, 'audit.jsonl'))).toThrow();
  });

  it(
    rootUser
      ? 'refuses an existing audit directory others can write (as root: it never chmods a directory)'
      : 'tightens an existing audit directory of its own user that others can write (drops their write bits)',
    async () => {
      const loose = join(tempDir(), 'loose');
      mkdirSync(loose);
      chmodSync(loose, 0o777);
      const starting = startBroker({ configYaml: config(join(loose, 'audit.jsonl')) });
      if (rootUser) {
        await expect(starting).rejects.toThrow(/loose is writable by its group or by others \(mode 777\)/);
        expect(statSync(loose).mode & 0o777).toBe(0o777);
      } else {
        const broker = await starting;
        await broker.stop();
        expect(statSync(loose).mode & 0o777).toBe(0o755);
      }
    },
  );

  it('never writes through a symlink planted at the lock’s .wanted name while it waits for the lock', async () => {
    const place = tempDir();
    const file = join(place, 'audit.jsonl');
    const victim = join(place, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // A live holder (this test process) keeps the lock, so the broker waits and says it is waiting.
    writeFileSync(`${file}.lock`, `${process.pid}@${hostname()} unknown`);
    symlinkSync(victim, `${file}.lock.wanted`);
    let stderr = '';
    const starting = startBroker({ configYaml: config(file), onStderr: (text) => (stderr += text) });
    // It says so on stderr after 5 s of retries every 25 ms, each marking `.wanted`: only then let it in.
    await vi.waitFor(
      () =>
        expect(stderr).toContain(
          `stint: waiting for ${file}.lock, held by pid ${process.pid} on host ${hostname()}, for 5 s`,
        ),
      { timeout: 120_000, interval: 50 },
    );
    expect(lstatSync(`${file}.lock.wanted`).isSymbolicLink()).toBe(true);
    rmSync(`${file}.lock`);
    const broker = await starting;
    await broker.stop();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

describe('what every audit line holds (items 16 and 20)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('every line has the same leading keys; the start-up key rotation has request_id null', async () => {
    const exchanged = await stack.exchange({ token: await stack.idToken(), project: 'warehouse' });
    expect(exchanged.status).toBe(200);
    const lines = stack
      .auditText()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.event)).toEqual(['key_rotated', 'token_issued']);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 6)).toEqual(['seq', 'ts', 'event', 'request_id', 'outcome', 'reason']);
      expect(Object.keys(line).slice(-2)).toEqual(['prev', 'hash']);
    }
    expect(lines[0]).toMatchObject({
      event: 'key_rotated',
      request_id: null,
      reason: expect.stringMatching(/^no signing key in \S+ yet: the first one signs at once$/),
    });
    expect(lines[1]).toMatchObject({ event: 'token_issued', request_id: exchanged.body.audit_id, reason: null });
  });

  it('writes no API key a caller sends encoded twice (base64 of base64, base64 of hex) as project, scope or ttl', async () => {
    // A reviewer's base64(base64(key)) as `project` was written whole to exchange_denied.
    const key = `stint_sk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    const hex = (text: string): string => Buffer.from(text).toString('hex');
    const sent = [b64(b64(key)), b64(hex(key))];
    const before = stack.auditText().length;
    for (const value of sent) {
      expect((await stack.exchange({ token: 'a.b.c', project: value })).status).toBe(401);
      // Through a reason the broker writes, quoting the caller: "requested scope …", `ttl "…"`.
      for (const field of ['scope', 'ttl'])
        expect(
          (await stack.exchange({ token: await stack.idToken(), project: 'warehouse', [field]: value })).status,
        ).not.toBe(200);
    }
    const written = stack.auditText().slice(before);
    expect(written.trimEnd().split('\n')).toHaveLength(6);
    for (const value of sent) expect(written).not.toContain(value.slice(0, 24));
    expectNoSecret(written, key, 'the API key');
    for (const value of sent) expectNoSecret(written, value, 'the encoded API key sent');
    // No string on any line decodes, once or twice, as base64 or hex, to the key.
    const strings = written
      .trimEnd()
      .split('\n')
      .flatMap((line) => Object.values(JSON.parse(line) as Record<string, unknown>))
      .filter((value): value is string => typeof value === 'string');
    const decodings = (text: string): string[] => [
      text,
      Buffer.from(text, 'base64').toString('latin1'),
      Buffer.from(text.replace(/[^0-9a-f]/gi, ''), 'hex').toString('latin1'),
    ];
    for (const text of strings.flatMap(decodings).flatMap(decodings)) expect(text).not.toContain(key.slice(0, 25));
  });

  it("an introspection_denied event keeps the broker's reason, which names the stint_sk_ prefix", async () => {
    const response = await fetch(`${stack.url}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer not-a-key' },
      body: 'token=x',
    });
    expect(response.status).toBe(401);
    const requestId = response.headers.get('x-request-id');
    const line = stack
      .auditText()
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((record) => record.request_id === requestId);
    expect(line).toMatchObject({
      event: 'introspection_denied',
      outcome: 'denied',
      code: 'ERR_API_KEY_INVALID',
      reason:
        'introspection needs a valid project API key as Authorization: Bearer stint_sk_…: the credentials sent are not shaped like a stint API key (stint_sk_<16 hex digits>_<43 characters>)',
    });
    expect(line).not.toHaveProperty('api_key_id');
  });

  it('an introspection_denied event names the presented key by its public id and says why it was refused', async () => {
    const dir = stack.broker.dir;
    const create = async (): Promise<{ key: string; id: string }> => {
      const made = await runCli(['keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse'], {
        cwd: dir,
      });
      expect(made.code, made.stderr).toBe(0);
      const key = made.stdout.trim();
      return { key, id: key.split('_')[2]! };
    };
    const introspect = async (authorization: string): Promise<{ status: number; line: Record<string, unknown> }> => {
      const response = await fetch(`${stack.url}/oauth2/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
        body: 'token=x',
      });
      await response.arrayBuffer();
      const requestId = response.headers.get('x-request-id');
      const line = stack
        .auditText()
        .trimEnd()
        .split('\n')
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((record) => record.request_id === requestId);
      return { status: response.status, line: line ?? {} };
    };
    const live = await create();
    const revoked = await create();
    const expired = await create();
    // The broker re-reads the key file when it changes: wait until it knows the new keys.
    await vi.waitFor(async () => expect((await introspect(`Bearer ${live.key}`)).status).toBe(200), {
      timeout: 60_000,
      interval: 100,
    });
    expect((await runCli(['keys', 'revoke-api-key', '--config', 'stint.yml', revoked.id], { cwd: dir })).code).toBe(0);
    const file = join(dir, 'keys/api-keys.json');
    const content = JSON.parse(readFileSync(file, 'utf8')) as { keys: Array<Record<string, unknown>> };
    for (const record of content.keys) if (record.id === expired.id) record.expiresAtMs = Date.now() - 60_000;
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    for (const key of [revoked.key, expired.key]) {
      await vi.waitFor(async () => expect((await introspect(`Bearer ${key}`)).status).toBe(401), {
        timeout: 60_000,
        interval: 100,
      });
    }

    const secret = randomBytes(32).toString('base64url');
    const unknownId = randomBytes(8).toString('hex');
    const cases = [
      [`stint_sk_${live.id}_${secret}`, live.id, `API key ${live.id} was presented with a wrong secret`],
      [revoked.key, revoked.id, `API key ${revoked.id} is revoked`],
      [expired.key, expired.id, `API key ${expired.id} has expired`],
      [`stint_sk_${unknownId}_${secret}`, unknownId, `API key ${unknownId} does not exist (no key has that id)`],
      [
        `stint_sk_${live.id}_short`,
        undefined,
        'the credentials sent are not shaped like a stint API key (stint_sk_<16 hex digits>_<43 characters>)',
      ],
    ] as const;
    for (const [key, id, why] of cases) {
      const { status, line } = await introspect(`Bearer ${key}`);
      expect(status).toBe(401);
      expect(line).toMatchObject({
        event: 'introspection_denied',
        outcome: 'denied',
        code: 'ERR_API_KEY_INVALID',
        reason: `introspection needs a valid project API key as Authorization: Bearer stint_sk_…: ${why}`,
      });
      if (id === undefined) expect(line).not.toHaveProperty('api_key_id');
      else expect(line.api_key_id).toBe(id);
      // The id only: never the key, nor its secret.
      expect(JSON.stringify(line)).not.toContain(key.slice(26));
    }
    const { line } = await introspect('');
    expect(line.reason).toBe(
      'introspection needs a valid project API key as Authorization: Bearer stint_sk_…: no credentials were sent',
    );
  });
});
