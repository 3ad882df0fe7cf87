import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * A keys dir written by a newer stint (a rollback, docs/upgrading.md): `keys.json` or
 * `api-keys.json` of a higher version is ERR_KEYS_NEWER, never "corrupt", and nothing rewrites
 * it: not `stint keys rotate --now` (which would delete the newer version's keys), not the broker.
 * A damaged or newer API key file makes the broker refuse to start, a running one not ready, and
 * its introspection 503 names the API keys, not the store. Through the built CLI.
 */
let dir: string;

const CONFIG = `issuer: https://stint.example.com
keys: { dir: keys, algorithm: ES256 }
store: memory
audit: { file: audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

const stint = (args: string[], cwd = dir): Promise<CliRun> => runCli(args, { cwd });

async function bump(file: string, change: (json: Record<string, unknown>) => void): Promise<string> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  change(json);
  const text = `${JSON.stringify(json, null, 2)}\n`;
  await writeFile(file, text);
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stint-keys-newer-'));
  await writeFile(join(dir, 'stint.yml'), CONFIG);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keys.json written by a newer stint', () => {
  it('is ERR_KEYS_NEWER for keys list, serve and rotate --now, which refuses and changes nothing', async () => {
    expect((await stint(['keys', 'rotate', '--now', '--config', 'stint.yml'])).code).toBe(0);
    const manifest = join(dir, 'keys', 'keys.json');
    const newer = await bump(manifest, (json) => {
      json.version = 2;
    });
    const pems = (await readdir(join(dir, 'keys'))).filter((name) => name.endsWith('.pem')).sort();
    expect(pems).toHaveLength(1);
    const expected = `${manifest} was written by a newer stint (manifest version 2; this stint reads version 1): run that version (see docs/upgrading.md); do not run \`stint keys rotate --now\``;

    const listed = await stint(['keys', 'list', '--config', 'stint.yml']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(expected);
    expect(listed.stderr).not.toMatch(/not a stint key manifest|corrupt/i);

    const served = await stint(['serve', '--config', 'stint.yml', '--port', '0', '--host', '127.0.0.1']);
    expect(served.code).toBe(1);
    expect(served.stderr).toContain(expected);

    const rotated = await stint(['keys', 'rotate', '--now', '--config', 'stint.yml']);
    expect(rotated.code).toBe(1);
    expect(rotated.stderr).toContain(expected);
    // Nothing was rewritten or deleted: the newer version's keys are as it left them.
    expect(await readFile(manifest, 'utf8')).toBe(newer);
    expect((await readdir(join(dir, 'keys'))).filter((name) => name.endsWith('.pem')).sort()).toEqual(pems);
  });

  it('a key of an algorithm this version does not sign with is ERR_KEYS_NEWER too, not a malformed entry', async () => {
    const manifest = join(dir, 'keys', 'keys.json');
    await bump(manifest, (json) => {
      json.version = 1;
      (json.keys as Array<Record<string, unknown>>)[0]!.alg = 'ES384';
    });
    const rotated = await stint(['keys', 'rotate', '--now', '--config', 'stint.yml']);
    expect(rotated.code).toBe(1);
    expect(rotated.stderr).toMatch(
      /keys\.json was written by a newer stint \(key \S+ is ES384, which this stint does not sign with\)/,
    );
    expect(rotated.stderr).not.toContain('malformed');
    expect((JSON.parse(await readFile(manifest, 'utf8')) as { keys: Array<{ alg: string }> }).keys[0]!.alg).toBe(
      'ES384',
    );
  });
});

describe('api-keys.json written by a newer stint, or damaged', () => {
  it('the keys commands say ERR_KEYS_NEWER and change nothing; serve refuses to start', async () => {
    const own = await mkdtemp(join(tmpdir(), 'stint-apikeys-newer-'));
    try {
      await writeFile(join(own, 'stint.yml'), CONFIG);
      const created = await stint(['keys', 'create-api-key', '--project', 'warehouse', '--config', 'stint.yml'], own);
      expect(created.code).toBe(0);
      const file = join(own, 'keys', 'api-keys.json');
      const newer = await bump(file, (json) => {
        json.version = 2;
      });
      const expected = `${file} was written by a newer stint (API key file version 2; this stint reads version 1): run that version (see docs/upgrading.md)`;
      for (const args of [
        ['keys', 'list-api-keys'],
        ['keys', 'create-api-key', '--project', 'warehouse'],
      ]) {
        const result = await stint([...args, '--config', 'stint.yml'], own);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(expected);
        expect(result.stderr).not.toContain('fix or restore it');
      }
      expect(await readFile(file, 'utf8')).toBe(newer);

      const served = await stint(['serve', '--config', 'stint.yml', '--port', '0', '--host', '127.0.0.1'], own);
      expect(served.code).toBe(1);
      expect(served.stderr).toContain(expected);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('a running broker whose file goes bad is not ready, and introspection 503 does not blame the store', async () => {
    const own = await mkdtemp(join(tmpdir(), 'stint-apikeys-bad-'));
    await writeFile(join(own, 'stint.yml'), CONFIG);
    const created = await stint(['keys', 'create-api-key', '--project', 'warehouse', '--config', 'stint.yml'], own);
    expect(created.code).toBe(0);
    const apiKey = created.stdout.trim();
    const broker = await startBroker({ configYaml: CONFIG, dir: own });
    try {
      expect((await fetch(`${broker.url}/readyz`)).status).toBe(200);
      const file = join(own, 'keys', 'api-keys.json');
      const introspect = async () => {
        const response = await fetch(`${broker.url}/oauth2/introspect`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: 'not-a-token' }).toString(),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect((await introspect()).status).toBe(200);
      // The broker records the key's first use in the file, in the background (a locked
      // read-modify-write): let it land first, or it could put a sound file back over the edit below.
      await vi.waitFor(async () => expect(await readFile(file, 'utf8')).toContain('lastUsedAtMs'), {
        timeout: 30_000,
        interval: 100,
      });

      for (const [content, code] of [
        ['{"version":1,"keys":[{"id":', 'ERR_API_KEYS_UNREADABLE'],
        [`${JSON.stringify({ version: 2, keys: [] })}\n`, 'ERR_KEYS_NEWER'],
      ] as const) {
        await writeFile(file, content);
        const ready = await vi.waitFor(
          async () => {
            const response = await fetch(`${broker.url}/readyz`);
            expect(response.status).toBe(503);
            return (await response.json()) as Record<string, unknown>;
          },
          { timeout: 30_000, interval: 200 },
        );
        expect(ready).toEqual({
          status: 'unavailable',
          reason: `the broker cannot read its project API keys (${code})`,
        });
        const refused = await introspect();
        expect(refused.status).toBe(503);
        expect(refused.body).toMatchObject({
          error: 'temporarily_unavailable',
          error_description:
            code === 'ERR_KEYS_NEWER'
              ? 'the broker cannot read its keys (a newer stint wrote them); try again shortly'
              : 'the broker cannot read its project API keys; try again shortly',
        });
        expect(JSON.stringify(refused.body)).not.toContain('store');
      }
    } finally {
      await broker.stop();
      await rm(own, { recursive: true, force: true });
    }
  });
});
