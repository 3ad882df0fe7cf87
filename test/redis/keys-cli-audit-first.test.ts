import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

// `stint keys create-api-key` and `revoke-api-key` on a Redis store, with an audit log they may
// not write (its dir open to others): exit 1 and Redis is left as it was. The built CLI.
let redis: RedisServer;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'stint-keys-redis-audit-'));
  await writeFile(
    join(dir, 'stint.yml'),
    `issuer: https://stint.example.com
keys: { dir: keys }
store: { url: "${redis.url}/0" }
audit: { file: audit/audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`,
  );
});
afterAll(async () => {
  await redis?.stop();
  await chmod(join(dir, 'audit'), 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

it('an audit log that cannot be written leaves Redis unchanged: no key created, none revoked', async () => {
  const stint = (...args: string[]) => runCli(args, { cwd: dir });
  const created = await stint('keys', 'create-api-key', '--project', 'warehouse');
  expect(created.code, created.stderr).toBe(0);
  const id = created.stdout.trim().split('_')[2]!;
  const admin = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
  try {
    const contents = async () => {
      const names = (await admin.keys('*')).sort();
      return Promise.all(names.map(async (name) => [name, await admin.dump(name)]));
    };
    const before = await contents();
    await chmod(join(dir, 'audit'), 0o777);
    for (const args of [
      ['keys', 'create-api-key', '--project', 'warehouse'],
      ['keys', 'revoke-api-key', id],
    ]) {
      const result = await stint(...args);
      expect(await contents(), args.join(' ')).toEqual(before);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('is writable by its group or by others (mode 777)');
      expect(result.stderr).toContain('nothing was changed');
    }
    await chmod(join(dir, 'audit'), 0o700);
    const listed = JSON.parse((await stint('keys', 'list-api-keys', '--json')).stdout) as {
      api_keys: Array<{ id: string; status: string }>;
    };
    expect(listed.api_keys).toEqual([expect.objectContaining({ id, status: 'active' })]);
  } finally {
    admin.disconnect();
  }
});
