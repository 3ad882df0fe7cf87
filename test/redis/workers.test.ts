import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { selfSignedCertificate } from '../helpers/tls-cert.js';
import { BROKER_ISSUER, brokerConfig, REDIS_PASSWORD_ENV, runCli } from './setup.js';

/**
 * `stint serve --workers 2` (the built CLI) on one real redis-server: two worker processes on one
 * port, the primary passing signals on, each worker its own audit chain, /metrics from both
 * (docs/broker.md#every-core-of-a-machine---workers).
 */
let redis: RedisServer;
let issuer: GithubIssuer;
const running: RunningBroker[] = [];

beforeAll(async () => {
  redis = await startRedis({ password: `workers-${process.pid}-pw` });
  issuer = await startGithubIssuer();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((broker) => broker.stop()));
});
afterAll(async () => {
  await issuer?.stop();
  await redis?.stop();
});

const env = (): Record<string, string> => ({ [REDIS_PASSWORD_ENV]: redis.password! });

/** A broker of two workers on Redis, its keys and audit files in its own dir (db = a fresh Redis database). */
async function startWorkers(db: number, extra = ''): Promise<RunningBroker> {
  const broker = await startBroker({
    configYaml: `${brokerConfig({ issuerUrl: issuer.url, keysDir: 'keys', store: { url: `${redis.url}/${db}` } })}${extra}`,
    env: env(),
    args: ['--workers', '2'],
  });
  running.push(broker);
  return broker;
}

/**
 * POST /auth/oidc/exchange on a connection of its own (the cluster hands out connections, not
 * requests, to workers). Sends the body in two parts: in flight until `finish()` (at once unless `slow`).
 */
function exchangeOnNewConnection(url: string, token: string, slow = false) {
  const body = Buffer.from(JSON.stringify({ token, project: 'warehouse' }));
  let finish: () => void = () => undefined;
  const answer = new Promise<{ status: number; requestId: string; body: string }>((done, fail) => {
    const req = request(
      `${url}/auth/oidc/exchange`,
      {
        agent: false,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, requestId: String(res.headers['x-request-id']), body: text }),
        );
      },
    );
    req.on('error', fail);
    req.write(body.subarray(0, 10));
    finish = () => req.end(body.subarray(10));
  });
  if (!slow) finish();
  return { answer, finish: () => finish() };
}

/** The SHA-256 fingerprint of the certificate served on a TLS connection of its own (any worker's). */
function peerFingerprint(port: number): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      done(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.on('error', fail);
  });
}

/** GET /metrics on a connection of its own (so the cluster may hand it to any worker). */
function scrapeOnNewConnection(url: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(`${url}/metrics`, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(text));
    });
    req.on('error', fail);
    req.end();
  });
}

const auditEvents = (broker: RunningBroker, n: number): Array<Record<string, unknown>> =>
  readFileSync(join(broker.dir, `audit-w${n}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Samples of one metric from /metrics, by their `worker` label. */
async function perWorker(broker: RunningBroker, name: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${broker.url}/metrics`)).text();
  const byWorker = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const worker = /worker="(\d+)"/.exec(line)?.[1] ?? '?';
    byWorker.set(worker, (byWorker.get(worker) ?? 0) + Number(line.split(' ').at(-1)));
  }
  return byWorker;
}

function exited(broker: RunningBroker): Promise<number | null> {
  return new Promise((done) => {
    if (broker.exitCode() !== null) done(broker.exitCode());
    else broker.process.once('exit', (code) => done(code));
  });
}

/** The workers' pids, from the primary's log line "2 workers serving (pids …)" (right after the listening line). */
async function workerPids(broker: RunningBroker): Promise<number[]> {
  let pids: number[] = [];
  await vi.waitFor(
    () => {
      const line = logEntries(broker.stdout()).find((entry) => /^2 workers serving/.test(entry.msg));
      expect(line).toBeDefined();
      pids = line!.workers as number[];
    },
    { timeout: 30_000, interval: 20 },
  );
  return pids;
}

describe('stint serve --workers 2 on Redis', () => {
  it('serves exchanges from both workers on one port, each with its own audit chain and instance, one replay cache', async () => {
    const broker = await startWorkers(1);
    // The line is printed once, by the primary, before anything else.
    expect(broker.stdout().match(/stint broker listening on/g)).toHaveLength(1);
    const pids = await workerPids(broker);
    expect(pids).toHaveLength(2);

    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        async () => await exchangeOnNewConnection(broker.url, await issuer.mint({ aud: BROKER_ISSUER })).answer,
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));

    // Both workers served some, each wrote its own chain, and `instance` says which one.
    const issued = [1, 2].map((n) => auditEvents(broker, n).filter((e) => e.event === 'token_issued'));
    expect(issued[0]!.length).toBeGreaterThan(0);
    expect(issued[1]!.length).toBeGreaterThan(0);
    expect(issued[0]!.length + issued[1]!.length).toBe(20);
    expect(new Set(issued[0]!.map((e) => e.instance))).toEqual(new Set([expect.stringMatching(/\/w1$/)]));
    expect(new Set(issued[1]!.map((e) => e.instance))).toEqual(new Set([expect.stringMatching(/\/w2$/)]));
    for (const n of [1, 2]) {
      const verified = await runCli(['audit', 'verify', join(broker.dir, `audit-w${n}.jsonl`)], {});
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    }

    // One replay cache: an ID token is exchanged once, whichever workers get it.
    const token = await issuer.mint({ aud: BROKER_ISSUER });
    const twice = await Promise.all([1, 2, 3, 4].map(() => exchangeOnNewConnection(broker.url, token).answer));
    expect(twice.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);

    // Any scrape shows both workers: 21 issued in all, labelled by worker.
    const exchanges = await perWorker(broker, 'stint_exchanges_total');
    expect([...exchanges.keys()].sort()).toEqual(['1', '2']);
    const issuedCount = (await (await fetch(`${broker.url}/metrics`)).text())
      .split('\n')
      .filter((l) => l.startsWith('stint_exchanges_total{') && l.includes('outcome="issued"'))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(issuedCount).toBe(21);
    expect(await (await fetch(`${broker.url}/metrics`)).text()).toMatch(/^stint_workers 2$/m);

    // Every log line says which worker wrote it (0 is the primary).
    const entries = logEntries(broker.stdout());
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect([0, 1, 2]).toContain(entry.worker);
    expect(entries.some((e) => e.msg === 'request' && e.worker === 1)).toBe(true);
    expect(entries.some((e) => e.msg === 'request' && e.worker === 2)).toBe(true);
  });

  it('SIGHUP to the primary reloads both workers; a broken config leaves both serving the old one', async () => {
    const broker = await startWorkers(2);
    const file = join(broker.dir, 'stint.yml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('scopes: [read, write]\n    trust', 'scopes: [read, write, deploy]\n    trust'));
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () => {
        for (const n of [1, 2]) expect(auditEvents(broker, n).map((e) => e.event)).toContain('config_reloaded');
      },
      { timeout: 60_000, interval: 50 },
    );
    writeFileSync(file, `${good}\nnot_a_key: 1\n`);
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () => {
        for (const n of [1, 2]) expect(auditEvents(broker, n).map((e) => e.event)).toContain('config_reload_failed');
      },
      { timeout: 60_000, interval: 50 },
    );
    const reloads = await perWorker(broker, 'stint_config_reloads_total');
    expect(Object.fromEntries(reloads)).toEqual({ '1': 2, '2': 2 });
    const answers = await Promise.all(
      Array.from(
        { length: 6 },
        async () => await exchangeOnNewConnection(broker.url, await issuer.mint({ aud: BROKER_ISSUER })).answer,
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(broker.exitCode()).toBeNull();
  });

  it('SIGTERM to the primary drains both workers: every request in flight gets its answer and audit line; exit 0', async () => {
    const broker = await startWorkers(3);
    const slow = await Promise.all(
      Array.from({ length: 6 }, async () =>
        exchangeOnNewConnection(broker.url, await issuer.mint({ aud: BROKER_ISSUER }), true),
      ),
    );
    // Both workers hold some of the six (the scrape itself is one more, in one of them).
    await vi.waitFor(
      async () => {
        const inFlight = await perWorker(broker, 'stint_http_requests_in_flight');
        expect((inFlight.get('1') ?? 0) + (inFlight.get('2') ?? 0)).toBe(7);
        expect(inFlight.get('1')).toBeGreaterThan(0);
        expect(inFlight.get('2')).toBeGreaterThan(0);
      },
      { timeout: 60_000, interval: 50 },
    );
    broker.process.kill('SIGTERM');
    await vi.waitFor(
      () => {
        const draining = logEntries(broker.stdout()).filter((e) => e.msg.startsWith('stint broker draining'));
        expect(new Set(draining.map((e) => e.worker))).toEqual(new Set([1, 2]));
      },
      { timeout: 60_000, interval: 20 },
    );
    for (const s of slow) s.finish();
    const answers = await Promise.all(slow.map((s) => s.answer));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(await exited(broker)).toBe(0);
    const stopped = logEntries(broker.stdout()).filter((e) => e.msg === 'stint broker stopped');
    expect(new Set(stopped.map((e) => e.worker))).toEqual(new Set([1, 2]));
    const audited = [1, 2].flatMap((n) => auditEvents(broker, n).filter((e) => e.event === 'token_issued'));
    expect(audited.map((e) => e.request_id).sort()).toEqual(answers.map((a) => a.requestId).sort());
  });

  it('replaces a worker killed with SIGKILL, says so, and serves on', async () => {
    const broker = await startWorkers(4);
    const [first] = await workerPids(broker);
    process.kill(first!, 'SIGKILL');
    await vi.waitFor(
      () => expect(logEntries(broker.stdout()).some((e) => e.msg === 'worker 1 replaced and serving')).toBe(true),
      { timeout: 60_000, interval: 50 },
    );
    const warning = logEntries(broker.stdout()).find((e) => /^worker 1 exited unexpectedly/.test(e.msg));
    expect(warning).toMatchObject({ level: 'warn', worker: 0 });
    expect(warning?.msg).toContain('signal SIGKILL');
    const answers = await Promise.all(
      Array.from(
        { length: 8 },
        async () => await exchangeOnNewConnection(broker.url, await issuer.mint({ aud: BROKER_ISSUER })).answer,
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(await (await fetch(`${broker.url}/metrics`)).text()).toMatch(/^stint_worker_restarts_total 1$/m);
    // The replacement continues worker 1's audit chain.
    const verified = await runCli(['audit', 'verify', join(broker.dir, 'audit-w1.jsonl')], {});
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
  it('replaces a worker that served 30 s after 100 ms (the delay starts over), and its replacement killed at once after 200 ms', async () => {
    const broker = await startWorkers(5);
    const [, second] = await workerPids(broker);
    const servingSince = Date.now();
    // It has served longer than the 30 s after which the restart delay starts over.
    await vi.waitFor(() => expect(Date.now() - servingSince).toBeGreaterThan(31_000), {
      timeout: 60_000,
      interval: 500,
    });
    const exits = () => logEntries(broker.stdout()).filter((e) => /^worker 2 exited unexpectedly/.test(e.msg));
    const replaced = () => logEntries(broker.stdout()).filter((e) => e.msg === 'worker 2 replaced and serving');
    process.kill(second!, 'SIGKILL');
    await vi.waitFor(() => expect(replaced()).toHaveLength(1), { timeout: 60_000, interval: 50 });
    expect(exits()[0]).toMatchObject({ restart_in_ms: 100 });
    expect(exits()[0]?.msg).toMatch(/; starting a replacement in 100 ms$/);
    // The replacement dies before it has served 30 s: the next delay doubles.
    const replacement = replaced()[0]?.worker_pid as number | undefined;
    expect(replacement).toBeGreaterThan(0);
    process.kill(replacement!, 'SIGKILL');
    await vi.waitFor(() => expect(replaced()).toHaveLength(2), { timeout: 60_000, interval: 50 });
    expect(exits()[1]).toMatchObject({ restart_in_ms: 200 });
  });

  it('hands a replacement the config the primary read, not the file edited on disk since; SIGHUP brings every worker to the file', async () => {
    const broker = await startWorkers(7);
    const [first, second] = await workerPids(broker);
    const file = join(broker.dir, 'stint.yml');
    const good = readFileSync(file, 'utf8');
    const issuedBy = (n: number): number => auditEvents(broker, n).filter((e) => e.event === 'token_issued').length;
    const statuses = async (count: number): Promise<number[]> =>
      (
        await Promise.all(
          Array.from(
            { length: count },
            async () => await exchangeOnNewConnection(broker.url, await issuer.mint({ aud: BROKER_ISSUER })).answer,
          ),
        )
      ).map((a) => a.status);

    // A valid edit, not reloaded: main no longer trusted for warehouse. The running workers keep
    // the config they were handed, and so must the replacement of one that dies.
    const edited = good.replace(
      'subject: repo:acme/warehouse:ref:refs/heads/main\n        claims: { repository_owner_id: "1234567" }\n        scopes: [read, write]',
      'subject: repo:acme/warehouse:ref:refs/heads/release\n        claims: { repository_owner_id: "1234567" }\n        scopes: [read, write]',
    );
    expect(edited).not.toBe(good);
    writeFileSync(file, edited);
    process.kill(first!, 'SIGKILL');
    await vi.waitFor(
      () => expect(logEntries(broker.stdout()).some((e) => e.msg === 'worker 1 replaced and serving')).toBe(true),
      { timeout: 60_000, interval: 50 },
    );
    const before = [issuedBy(1), issuedBy(2)];
    expect(await statuses(12)).toEqual(Array(12).fill(200));
    // Both served some of the twelve: the replacement too, with the policy the primary read.
    expect(issuedBy(1)).toBeGreaterThan(before[0]!);
    expect(issuedBy(2)).toBeGreaterThan(before[1]!);

    // SIGHUP: the primary reads the edit once and every worker, the replacement too, serves it.
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () => {
        for (const n of [1, 2]) expect(auditEvents(broker, n).map((e) => e.event)).toContain('config_reloaded');
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(await statuses(8)).toEqual(Array(8).fill(403));

    // Broken on disk since that reload: a replacement starts all the same, with the reloaded config.
    writeFileSync(file, `${good}\nprojects: [\n`);
    process.kill(second!, 'SIGKILL');
    await vi.waitFor(
      () => expect(logEntries(broker.stdout()).some((e) => e.msg === 'worker 2 replaced and serving')).toBe(true),
      { timeout: 60_000, interval: 50 },
    );
    expect(logEntries(broker.stdout()).some((e) => /could not start/.test(e.msg))).toBe(false);
    expect(await statuses(8)).toEqual(Array(8).fill(403));
    expect(broker.exitCode()).toBeNull();
  });

  it('hands a replacement the TLS certificate the others serve, not the one on disk; SIGHUP moves every worker to the new one', async () => {
    const first = selfSignedCertificate();
    const second = selfSignedCertificate();
    const broker = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir: 'keys', store: { url: `${redis.url}/10` } }),
      env: env(),
      files: { 'tls/cert.pem': first.cert, 'tls/key.pem': first.key },
      args: ['--workers', '2', '--tls-cert', 'tls/cert.pem', '--tls-key', 'tls/key.pem'],
    });
    running.push(broker);
    const [one] = await workerPids(broker);
    const port = Number(new URL(broker.url).port);
    const served = async (count: number): Promise<Set<string>> =>
      new Set(await Promise.all(Array.from({ length: count }, () => peerFingerprint(port))));
    const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;

    // Renewed on disk, not reloaded: a replacement serves what the other worker serves.
    writeFileSync(join(broker.dir, 'tls/cert.pem'), second.cert);
    writeFileSync(join(broker.dir, 'tls/key.pem'), second.key);
    process.kill(one!, 'SIGKILL');
    await vi.waitFor(
      () => expect(logEntries(broker.stdout()).some((e) => e.msg === 'worker 1 replaced and serving')).toBe(true),
      { timeout: 60_000, interval: 50 },
    );
    expect(await served(8)).toEqual(new Set([fingerprint(first.cert)]));

    broker.process.kill('SIGHUP');
    await vi.waitFor(
      () => {
        const reloaded = logEntries(broker.stdout()).filter((e) => /^reloaded .* and the TLS certificate$/.test(e.msg));
        expect(new Set(reloaded.map((e) => e.worker))).toEqual(new Set([1, 2]));
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(await served(8)).toEqual(new Set([fingerprint(second.cert)]));
  });

  it('answers /metrics without a worker that does not answer, says which, and concurrent scrapes share one collection', async () => {
    const broker = await startWorkers(8);
    const [, second] = await workerPids(broker);
    // Worker 2 stops dead (SIGSTOP): it cannot answer the primary, nor a connection handed to it.
    process.kill(second!, 'SIGSTOP');
    try {
      const answered: string[] = [];
      const scrapes = Array.from({ length: 5 }, () =>
        scrapeOnNewConnection(broker.url).then(
          (text) => answered.push(text),
          () => undefined,
        ),
      );
      // At most one connection can be handed to the stopped worker; the others reach worker 1.
      await vi.waitFor(() => expect(answered.length).toBeGreaterThanOrEqual(4), { timeout: 60_000, interval: 50 });
      for (const text of answered) {
        expect(text).toMatch(/^stint_workers 2$/m);
        expect(text).toMatch(/^stint_workers_answered 1$/m);
        expect(text).toMatch(/^stint_config_reloads_total\{worker="1",/m);
        // Nothing of worker 2's; and the scrapes, sent at once, shared one collection: it missed one.
        const fromWorker2 = text.split('\n').filter((l) => l.includes('worker="2"'));
        expect(fromWorker2).toEqual(['stint_worker_metrics_missed_total{worker="2"} 1']);
        expect(text).toMatch(/^stint_worker_metrics_missed_total\{worker="1"\} 0$/m);
      }
      const said = logEntries(broker.stdout()).filter((e) => /^worker 2 did not answer for \/metrics/.test(e.msg));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ level: 'warn', worker: 0, worker_pid: second });

      process.kill(second!, 'SIGCONT');
      await Promise.all(scrapes);
      await vi.waitFor(
        async () => {
          const text = await scrapeOnNewConnection(broker.url);
          expect(text).toMatch(/^stint_workers_answered 2$/m);
          expect(text).toMatch(/^stint_config_reloads_total\{worker="2",/m);
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(logEntries(broker.stdout()).some((e) => e.msg === 'worker 2 answers for /metrics again')).toBe(true);
    } finally {
      process.kill(second!, 'SIGCONT');
    }
  });

  it('warns of an expiring API key once, from worker 1, though every worker shows it on /metrics', async () => {
    const broker = await startWorkers(9);
    const created = await runCli(
      [
        'keys',
        'create-api-key',
        '--config',
        join(broker.dir, 'stint.yml'),
        '--project',
        'warehouse',
        '--expires',
        '3d',
      ],
      env(),
    );
    expect(created.code, created.stderr).toBe(0);
    // A reload reads every lifetime again at once (else at the next 5-minute check).
    broker.process.kill('SIGHUP');
    await vi.waitFor(
      async () =>
        expect(Object.fromEntries(await perWorker(broker, 'stint_apikeys_expiring'))).toEqual({ '1': 1, '2': 1 }),
      { timeout: 60_000, interval: 100 },
    );
    // Each worker logs its warning before it sets its gauges; stopped, every line is out.
    broker.process.kill('SIGTERM');
    expect(await exited(broker)).toBe(0);
    const warnings = logEntries(broker.stdout()).filter((e) => e.event === 'apikey_expiring');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warn', worker: 1, code: 'WARN_APIKEY_EXPIRING' });
  });
});

describe('stint serve --workers refusals', () => {
  it('stops every worker and exits 1 with the error, told once, when a worker stops with one (Redis refuses the password)', async () => {
    const wrong = 'not-the-workers-redis-password';
    const broker = await startBroker({
      configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir: 'keys', store: { url: `${redis.url}/6` } }),
      env: { [REDIS_PASSWORD_ENV]: wrong },
      args: ['--workers', '2'],
    });
    running.push(broker);
    expect(await exited(broker)).toBe(1);
    const output = broker.output();
    expect(output.match(/stint: the store refuses the broker: .*WRONGPASS/g)).toHaveLength(1);
    expectNoSecret(output, wrong, 'the wrong Redis password');
    expect(logEntries(broker.stdout()).some((e) => e.worker === 0 && /stopped with an error/.test(e.msg))).toBe(true);
  });

  it('refuses --workers 2 on the embedded store, saying to configure Redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-workers-'));
    const file = join(dir, 'stint.yml');
    writeFileSync(file, brokerConfig({ issuerUrl: issuer.url, keysDir: join(dir, 'keys'), store: 'memory' }));
    const refused = await runCli(['serve', '--config', file, '--port', '0', '--workers', '2'], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /--workers 2 needs a shared store: the embedded store \(state .*\) is held by one process; set store: redis:\/\//,
    );
    expect(refused.stdout).not.toContain('listening');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops with the error of a worker that cannot start, told once, exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      const broker = startBroker({
        configYaml: brokerConfig({ issuerUrl: issuer.url, keysDir: 'keys', store: { url: `${redis.url}/5` } }),
        env: env(),
        args: ['--workers', '2', '--port', String(port)],
      });
      const error = await broker.then(
        (started) => {
          running.push(started); // it should not have started; afterEach stops it
          return undefined;
        },
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/exited with 1 before listening/);
      expect(error?.message.match(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/g)).toHaveLength(1);
    } finally {
      taken.close();
    }
  });
});
