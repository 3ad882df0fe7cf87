import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCsr } from '../../src/signing/mtls-csr.js';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { dashboardQueries, namesIn, ruleExpressions } from './promql.js';

/**
 * Every metric and label the alert rules and the Grafana dashboard read is one the built broker
 * really exports: a rule on a misspelt or renamed series never fires, a panel on one stays empty,
 * and neither says so.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const RULES = resolve(ROOT, 'deploy/prometheus/stint-alerts.yml');
const DASHBOARD = resolve(ROOT, 'deploy/grafana/stint-dashboard.json');

/** Series Prometheus makes itself for every target, and the labels it adds to every series. */
const SCRAPE_SERIES: Record<string, string[]> = { up: [] };
const TARGET_LABELS = ['job', 'instance'];

let issuer: CiIssuer;
let broker: RunningBroker;
/** `stint serve --workers 2` (on Redis): its primary adds series of its own to the scrape. */
let redis: RedisServer;
let workers: RunningBroker;
/** Metric name → label names seen on its samples (histograms: name, _bucket, _sum, _count). */
const exported = new Map<string, Set<string>>();

/** Adds each family of an exposition and the label names of its samples to `into`. */
function readExposition(text: string, into: Map<string, Set<string>>): void {
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      const names = type[2] === 'histogram' ? ['', '_bucket', '_sum', '_count'].map((s) => type[1] + s) : [type[1]!];
      for (const name of names) if (!into.has(name)) into.set(name, new Set());
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (sample) {
      const labels = into.get(sample[1]!) ?? new Set<string>();
      into.set(sample[1]!, labels);
      for (const pair of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(pair[1]!);
    }
  }
}

beforeAll(async () => {
  issuer = await startCiIssuer('gitlab');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  // One of each: issued (which fetches the issuer's keys), replayed, malformed; then a health check.
  const exchange = (token: string) =>
    fetch(`${broker.url}/auth/oidc/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, project: 'warehouse' }),
    });
  const token = await issuer.mint();
  const issued = await exchange(token);
  expect(issued.status).toBe(200);
  // A client certificate, so the broker has made its mTLS CA (and its lifetime gauge has a value).
  const { access_token } = (await issued.json()) as { access_token: string };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificate = await fetch(`${broker.url}/mtls/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csr: await createCsr(privateKey, 'metrics test') }),
  });
  expect(certificate.status).toBe(200);
  expect((await exchange(token)).status).toBe(401);
  expect((await exchange('not-a-jwt')).status).toBe(401);
  expect((await fetch(`${broker.url}/healthz`)).status).toBe(200);
  // An API key that expires within 14 days, read at once on SIGHUP, so the lifetime gauges carry
  // their labels (project; certificate for the mTLS CA made for the certificate above).
  await promisify(execFile)(
    process.execPath,
    [
      CLI,
      'keys',
      'create-api-key',
      '--config',
      join(broker.dir, 'stint.yml'),
      '--project',
      'warehouse',
      '--expires',
      '2d',
    ],
    { cwd: broker.dir, timeout: 60_000 },
  );
  broker.process.kill('SIGHUP');
  await vi.waitFor(
    async () => {
      const text = await (await fetch(`${broker.url}/metrics`)).text();
      expect(text).toMatch(/^stint_apikeys_expiring\{project="warehouse"\} 1$/m);
      expect(text).toMatch(/^stint_certificate_expiry_timestamp_seconds\{certificate="mtls_ca"\} \d+$/m);
    },
    { timeout: 60_000, interval: 250 },
  );

  const response = await fetch(`${broker.url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  readExposition(await response.text(), exported);

  // The series only the primary of `stint serve --workers N` exports (stint_workers, …); the
  // workers' own carry a `worker` label there, read above without it.
  redis = await startRedis({ password: `metrics-${process.pid}-pw` });
  workers = await startBroker({
    configYaml: ciBrokerConfig([issuer]).replace(
      'store: memory',
      `store: { url: "${redis.url}/0", password_env: STINT_TEST_REDIS_PASSWORD }`,
    ),
    env: { STINT_TEST_REDIS_PASSWORD: redis.password! },
    args: ['--workers', '2'],
  });
  const fromWorkers = new Map<string, Set<string>>();
  readExposition(await (await fetch(`${workers.url}/metrics`)).text(), fromWorkers);
  for (const [name, labels] of fromWorkers) if (!exported.has(name)) exported.set(name, labels);
});
afterAll(async () => {
  await workers?.stop();
  await broker?.stop();
  await issuer?.stop();
  await redis?.stop();
});

function expectExported(name: string, expr: string): void {
  const { metrics, grouping } = namesIn(expr);
  expect(metrics.size, `${name} reads no metric: ${expr}`).toBeGreaterThan(0);
  const labelsOfExpr = new Set<string>(TARGET_LABELS);
  for (const [metric, labels] of metrics) {
    const known = exported.get(metric) ?? (metric in SCRAPE_SERIES ? new Set(SCRAPE_SERIES[metric]) : undefined);
    expect(
      known,
      `${name} reads ${metric}, which the broker does not export (it exports ${[...exported.keys()].join(', ')})`,
    ).toBeDefined();
    for (const label of known!) labelsOfExpr.add(label);
    for (const label of labels) {
      expect(
        TARGET_LABELS.includes(label) || known!.has(label),
        `${name} selects ${metric} by label ${label}, which its series do not carry (${[...known!].join(', ')})`,
      ).toBe(true);
    }
  }
  for (const label of grouping)
    expect(labelsOfExpr.has(label), `${name} groups by ${label}, which none of its series carries`).toBe(true);
}

describe('metric names in deploy/', () => {
  it('reads the exporter: the broker exports the series the rules are about, with their labels', () => {
    expect(exported.get('stint_exchanges_total')).toEqual(new Set(['outcome', 'reason']));
    expect(exported.get('stint_jwks_fetches_total')).toEqual(new Set(['issuer', 'outcome']));
    expect(exported.get('stint_http_requests_total')).toEqual(new Set(['route', 'status']));
    expect(exported.get('stint_exchange_duration_seconds_bucket')).toEqual(new Set(['le']));
    expect(exported.get('stint_workers_answered')).toEqual(new Set());
    expect(exported.get('stint_worker_metrics_missed_total')).toEqual(new Set(['worker']));
  });

  it.each(ruleExpressions(RULES).map((rule) => [rule.name, rule.expr]))(
    'alert %s reads only exported series and labels',
    (name, expr) => {
      expectExported(`alert ${name}`, expr);
    },
  );

  it.each(dashboardQueries(DASHBOARD).map((query) => [query.name, query.expr, query.listsLabel]))(
    'dashboard %s reads only exported series and labels',
    (name, expr, listsLabel) => {
      expectExported(name, listsLabel ? `sum by (${listsLabel}) (${expr})` : expr);
    },
  );

  it('would catch a misspelt metric, label or function', () => {
    expect(() => expectExported('typo', 'rate(stint_exchange_total[5m])')).toThrow(/does not export/);
    expect(() => expectExported('typo', 'stint_exchanges_total{outcom="error"}')).toThrow(/by label outcom/);
    expect(() => expectExported('typo', 'sum by (route) (stint_exchanges_total)')).toThrow(/groups by route/);
    expect(() => namesIn('rates(stint_exchanges_total[5m])')).toThrow(/unknown function rates/);
  });
});
