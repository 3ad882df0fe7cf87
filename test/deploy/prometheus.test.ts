import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { baseEnv, run } from '../recipes/helpers.js';
import { dashboardQueries } from './promql.js';

/**
 * The alert rules pass `promtool check rules` and their unit tests (`promtool test rules`, from
 * Debian's prometheus package); the dashboard's queries are PromQL that promtool parses.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PROMETHEUS = join(ROOT, 'deploy/prometheus');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stint-promtool-'));
  dirs.push(dir);
  return dir;
}

const promtool = (args: string[], cwd: string) => run('promtool', args, { cwd, env: baseEnv() });

describe('deploy/prometheus', () => {
  it('promtool check rules: the alert rules are valid', async () => {
    const result = await promtool(['check', 'rules', 'stint-alerts.yml'], PROMETHEUS);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: 19 rules found/);
    expect(result.code).toBe(0);
  });

  it('promtool test rules: each alert fires when it should, with its labels and text, and normal traffic fires none', async () => {
    const result = await promtool(['test', 'rules', 'stint-alerts.test.yml'], PROMETHEUS);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.code).toBe(0);
  });

  it('the unit tests catch a rule that no longer fires (a threshold raised tenfold)', async () => {
    const dir = tempDir();
    copyFileSync(join(PROMETHEUS, 'stint-alerts.test.yml'), join(dir, 'stint-alerts.test.yml'));
    const rules = readFileSync(join(PROMETHEUS, 'stint-alerts.yml'), 'utf8');
    const broken = rules.replace(/\n {12}> 0\.05\n/, '\n            > 0.5\n');
    expect(broken).not.toBe(rules);
    writeFileSync(join(dir, 'stint-alerts.yml'), broken);
    const result = await promtool(['test', 'rules', 'stint-alerts.test.yml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/alertname: StintExchangeErrors, time: 15m/);
  });

  it("promtool parses every query of the Grafana dashboard (with Grafana's variables filled in)", async () => {
    const queries = dashboardQueries(join(ROOT, 'deploy/grafana/stint-dashboard.json'));
    expect(queries.length).toBeGreaterThanOrEqual(10);
    const fill = (expr: string) =>
      expr.replace(/\$__rate_interval|\$__range/g, '5m').replace(/\$\{?(job|instance)\}?/g, '.+');
    const rules = {
      groups: [
        {
          name: 'dashboard',
          rules: queries.map((q, i) => ({ record: `stint:dashboard_query_${i}`, expr: fill(q.expr) })),
        },
      ],
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'dashboard-queries.yml'), stringify(rules));
    const result = await promtool(['check', 'rules', 'dashboard-queries.yml'], dir);
    expect(result.stdout + result.stderr).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
    expect(result.code).toBe(0);

    // And it would say so for a query that is not PromQL.
    writeFileSync(
      join(dir, 'bad.yml'),
      stringify({
        groups: [
          { name: 'bad', rules: [{ record: 'stint:bad', expr: 'sum by (le (rate(stint_exchanges_total[5m]))' }] },
        ],
      }),
    );
    expect((await promtool(['check', 'rules', 'bad.yml'], dir)).code).toBe(1);
  });
});
