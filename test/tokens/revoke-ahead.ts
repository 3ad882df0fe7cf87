import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/** How far ahead of the broker the revoking host's clock is. */
export const AHEAD_MS = 10 * 60_000;

/** A broker config with one project, on `store` (`memory`, or `{ url: "redis://…" }`). */
export function revokeAheadConfig(store: string): string {
  return `issuer: https://stint.example.com
keys: { dir: state/keys, algorithm: EdDSA }
store: ${store}
audit: { file: state/audit.jsonl }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;
}

/**
 * An operator revokes a project API key from a host whose clock is AHEAD_MS ahead of the broker's
 * (a `Date.now` preload in NODE_OPTIONS, as a skewed host runs the built CLI). The broker must
 * refuse the key within seconds (DESIGN §2: "within a second") and stop counting it as active in
 * its gauges, not AHEAD_MS later. Everything through the built CLI and a built broker.
 */
export async function revokeFromAheadHost(configYaml: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-revoke-ahead-'));
  let broker: RunningBroker | undefined;
  try {
    writeFileSync(join(dir, 'stint.yml'), configYaml);
    const skew = join(dir, 'ahead.mjs');
    writeFileSync(skew, `const real = Date.now; Date.now = () => real() + ${AHEAD_MS};\n`);
    const stint = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runCli([...args, '--config', 'stint.yml'], { cwd: dir, env: { ...process.env, ...env } });

    const created = await stint(['keys', 'create-api-key', '--project', 'warehouse', '--name', 'api']);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    const id = key.split('_')[2]!;

    broker = await startBroker({ configYaml, dir });
    const running = broker;
    const introspect = async () =>
      (
        await fetch(`${running.url}/oauth2/introspect`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'token=not-a-token',
        })
      ).status;
    const metrics = async () => (await fetch(`${running.url}/metrics`)).text();
    expect(await introspect()).toBe(200);
    // The check at start counts it: active, expiring in 90 days.
    await vi.waitFor(async () => expect(await metrics()).toContain(`id="${id}"`), { timeout: 60_000, interval: 100 });

    // The skewed host's clock really is ahead: the CLI records the revocation AHEAD_MS in the future.
    const revoked = await stint(['keys', 'revoke-api-key', id], { NODE_OPTIONS: `--import ${skew}` });
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining(`revoked API key ${id}`) });
    const listed = JSON.parse((await stint(['keys', 'list-api-keys', '--json'])).stdout) as {
      api_keys: Array<{ id: string; revoked: string; status: string }>;
    };
    const record = listed.api_keys.find((k) => k.id === id)!;
    expect(record.status).toBe('revoked');
    expect(Date.parse(record.revoked) - Date.now()).toBeGreaterThan(AHEAD_MS - 60_000);

    // Refused at once, not AHEAD_MS later: the ceiling is for a loaded machine, far below AHEAD_MS.
    const revokedAt = Date.now();
    await vi.waitFor(async () => expect(await introspect()).toBe(401), { timeout: 60_000, interval: 200 });
    expect(Date.now() - revokedAt).toBeLessThan(AHEAD_MS / 2);

    // And no longer counted as an active key once the lifetimes are read again (SIGHUP does that).
    running.process.kill('SIGHUP');
    await vi.waitFor(
      () => expect(logEntries(running.output()).map((e) => e.msg)).toContainEqual(expect.stringMatching(/^reloaded /)),
      { timeout: 60_000, interval: 100 },
    );
    await vi.waitFor(async () => expect(await metrics()).not.toContain(`id="${id}"`), {
      timeout: 60_000,
      interval: 200,
    });
  } finally {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
