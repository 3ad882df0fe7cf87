import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';

/**
 * The built broker as an operator runs it (docs/broker.md, "Signals"): SIGTERM drains (requests in
 * flight finish and are audited, new connections are refused), SIGHUP reloads the config all or
 * nothing under steady load, and /livez and /readyz answer.
 */

const AUDIENCE = 'https://stint.example.com';
let issuer: GithubIssuer;
beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer.stop();
});

/** Rate limits out of the way of the steady load; `extra` settings (shutdown_grace) and `projects` as given. */
const config = (extra = '', projects = '') =>
  githubBrokerConfig(issuer.url, {
    issuer: AUDIENCE,
    settings: `rate_limit: { rps: 100000, burst: 100000, per_address: { rps: 100000, burst: 100000 } }\n${extra}`,
    projects,
  });

const auditLines = (broker: RunningBroker): Array<Record<string, unknown>> =>
  readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function metric(broker: RunningBroker, name: string): Promise<number> {
  const text = await (await fetch(`${broker.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').at(-1));
}

/** An exchange whose body arrives in two parts: it is in flight until `finish()` sends the rest. */
function slowExchange(url: string, token: string) {
  const body = Buffer.from(JSON.stringify({ token, project: 'warehouse' }));
  let finish: () => void = () => undefined;
  const answer = new Promise<{ status: number; requestId: string; connection: string | undefined }>((done, fail) => {
    const req = request(
      `${url}/auth/oidc/exchange`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            requestId: String(res.headers['x-request-id']),
            connection: res.headers.connection,
          }),
        );
      },
    );
    req.on('error', fail);
    req.write(body.subarray(0, 10));
    finish = () => req.end(body.subarray(10));
  });
  return { answer, finish: () => finish() };
}

function exited(broker: RunningBroker): Promise<number | null> {
  return new Promise((done) => {
    if (broker.exitCode() !== null) done(broker.exitCode());
    else broker.process.once('exit', (code) => done(code));
  });
}

describe('stint serve signals', () => {
  it('SIGTERM lets every request in flight finish with its answer and its audit line, refuses new ones, exits 0', async () => {
    const broker = await startBroker({ configYaml: config() });
    try {
      const slow = await Promise.all(
        [1, 2, 3].map(async () => slowExchange(broker.url, await issuer.mint({ aud: AUDIENCE }))),
      );
      // Three exchanges, plus the /metrics request that asks.
      await vi.waitFor(async () => expect(await metric(broker, 'stint_http_requests_in_flight')).toBe(4), {
        timeout: 60_000,
        interval: 50,
      });
      broker.process.kill('SIGTERM');
      await vi.waitFor(() => expect(broker.output()).toContain('stint broker draining: 3 request(s) in flight'), {
        timeout: 60_000,
        interval: 20,
      });
      await expect(fetch(`${broker.url}/livez`)).rejects.toThrow();
      for (const s of slow) s.finish();
      const answers = await Promise.all(slow.map((s) => s.answer));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      // They were told not to reuse the connection.
      expect(answers.map((a) => a.connection)).toEqual(['close', 'close', 'close']);
      expect(await exited(broker)).toBe(0);
      expect(logEntries(broker.output()).at(-1)).toMatchObject({ level: 'info', msg: 'stint broker stopped' });
      const issued = auditLines(broker)
        .filter((e) => e.event === 'token_issued')
        .map((e) => e.request_id);
      expect(issued.sort()).toEqual(answers.map((a) => a.requestId).sort());
    } finally {
      await broker.stop();
    }
  });

  it('cuts what is still running when shutdown_grace is over, with one line per request cut off, and never an answer', async () => {
    const broker = await startBroker({ configYaml: config('shutdown_grace: 1s') });
    try {
      // Its body never completes: it is in flight, deterministically, until the drain cuts it.
      const stuck = slowExchange(broker.url, await issuer.mint({ aud: AUDIENCE }));
      stuck.answer.catch(() => undefined);
      await vi.waitFor(async () => expect(await metric(broker, 'stint_http_requests_in_flight')).toBe(2), {
        timeout: 60_000,
        interval: 50,
      });
      broker.process.kill('SIGTERM');
      expect(await exited(broker)).toBe(0);
      expect(broker.output()).toContain('stint broker stopped; 1 request(s) cut off');
      // The client gets its connection closed, not an answer (no status at all, so never a 200).
      await expect(stuck.answer).rejects.toThrow(/socket hang up|ECONNRESET/);
      // One line says so, naming the request; nothing else speaks of it but its access line: not
      // the store or the audit log that the broker closes after the drain.
      const entries = logEntries(broker.output());
      const cut = entries.filter((e) => String(e.msg).includes('cut off by the drain deadline'));
      expect(cut).toHaveLength(1);
      expect(cut[0]).toMatchObject({ level: 'warn', request_id: expect.any(String) });
      expect(cut[0]!.msg).toMatch(
        /^\/auth\/oidc\/exchange: request cut off by the drain deadline, still running when shutdown_grace \(1s\) ran out: its connection was closed without an answer/,
      );
      const others = entries.filter((e) => e.request_id === cut[0]!.request_id && e !== cut[0] && e.msg !== 'request');
      expect(others).toEqual([]);
      expect(entries.filter((e) => e.level === 'error' || e.level === 'fatal')).toEqual([]);
      expect(broker.output()).not.toContain('store is closed');
      expect(auditLines(broker).filter((e) => e.event === 'token_issued')).toEqual([]);
    } finally {
      await broker.stop();
    }
  });

  it('SIGHUP reloads a good config and keeps serving on a broken one, with no failed request under load', async () => {
    const broker = await startBroker({ configYaml: config() });
    const file = join(broker.dir, 'stint.yml');
    let running = true;
    const failures: number[] = [];
    let served = 0;
    const client = async (): Promise<void> => {
      while (running) {
        const response = await fetch(`${broker.url}/auth/oidc/exchange`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: await issuer.mint({ aud: AUDIENCE }), project: 'warehouse' }),
        });
        await response.arrayBuffer();
        if (response.status === 200) served++;
        else failures.push(response.status);
      }
    };
    const load = Promise.all([client(), client()]);
    try {
      // A good config: one more project.
      const good = config(
        '',
        `  nightly:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
`,
      );
      writeFileSync(file, good);
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker.output()).toContain(`"msg":"reloaded ${file} (sha256 `), {
        timeout: 60_000,
        interval: 20,
      });
      const nightly = await fetch(`${broker.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await issuer.mint({ aud: AUDIENCE }), project: 'nightly' }),
      });
      expect(nightly.status).toBe(200);
      const sha = createHash('sha256').update(good).digest('hex');
      expect(auditLines(broker).find((e) => e.event === 'config_reloaded')).toMatchObject({
        outcome: 'success',
        config_sha256: sha,
      });

      // A broken one: the good config keeps serving, and the operator is told why three ways.
      writeFileSync(file, `${good}  broken: [\n`);
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker.output()).toContain('refused, the previous config still serves'), {
        timeout: 60_000,
        interval: 20,
      });
      expect(await metric(broker, 'stint_config_last_reload_failed')).toBe(1);
      expect(auditLines(broker).find((e) => e.event === 'config_reload_failed')).toMatchObject({
        outcome: 'error',
        reason: expect.stringContaining('stint.yml:'),
      });
      // What a reload cannot take (another keys dir) is refused by name.
      writeFileSync(file, good.replace('keys: { dir: keys }', 'keys: { dir: other-keys }'));
      broker.process.kill('SIGHUP');
      await vi.waitFor(() => expect(broker.output()).toContain('keys changed; that takes a restart'), {
        timeout: 60_000,
        interval: 20,
      });

      const stillNightly = await fetch(`${broker.url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await issuer.mint({ aud: AUDIENCE }), project: 'nightly' }),
      });
      expect(stillNightly.status).toBe(200);
      await vi.waitFor(() => expect(served).toBeGreaterThan(10), { timeout: 120_000, interval: 50 });
    } finally {
      running = false;
      await load;
      await broker.stop();
    }
    expect(failures).toEqual([]);
  });

  it('answers /livez and /readyz (and /healthz as readiness)', async () => {
    const broker = await startBroker({ configYaml: config() });
    try {
      for (const path of ['/livez', '/readyz', '/healthz']) {
        const response = await fetch(`${broker.url}${path}`);
        expect([path, response.status, await response.json()]).toEqual([path, 200, { status: 'ok' }]);
      }
    } finally {
      await broker.stop();
    }
  });
});
