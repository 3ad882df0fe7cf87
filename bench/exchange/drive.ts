// A manual A/B driver for profiling and comparing builds (not a bench; nothing asserts): starts
// the GitHub-like issuer and each named server, then alternates rounds of the load between them
// and prints each server's median CPU µs per exchange and exchanges/s.
//   npx tsx bench/exchange/drive.ts IN_FLIGHT TOKENS ROUNDS SERVER…
// SERVER is `baseline`, `baseline-durable` (its replay record made durable, as the bench's second
// baseline) or `cli=PATH/TO/index.js[@store]` (store: the config's `store:` value; default
// `memory`, the durable embedded store; e.g. `@{ sync: write }`, or a redis:// URL). NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to every server.
// Each server first gets WARM_UP exchanges (default 3000, as the bench: fewer measure the JIT).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGithubIssuer } from '../../src/demo/github-issuer.js';
import { AUDIENCE, brokerYaml, measure, median, mintIdTokens, type Phase } from './harness.js';

const [inFlightText = '32', tokensText = '1000', roundsText = '5', ...names] = process.argv.slice(2);
const issuer = await startGithubIssuer({ lifetimeSeconds: 1800 });
const flags = (process.env.NODE_FLAGS ?? '').split(' ').filter(Boolean);

async function start(spec: string): Promise<{ name: string; url: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-drive-'));
  let child: ChildProcess;
  if (spec === 'baseline' || spec === 'baseline-durable') {
    child = spawn(process.execPath, [...flags, join(import.meta.dirname, 'baseline-server.mjs')], {
      cwd: dir,
      env: {
        ...process.env,
        STINT_BENCH_BASELINE: JSON.stringify({
          jwk: issuer.publicJwk,
          issuer: issuer.url,
          audience: AUDIENCE,
          auditFile: join(dir, 'baseline-audit.jsonl'),
          journalFile: spec === 'baseline-durable' ? join(dir, 'baseline-journal.jsonl') : undefined,
        }),
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } else {
    const [cli, store = 'memory'] = spec.slice('cli='.length).split('@') as [string, string | undefined];
    const yaml = brokerYaml(issuer.url, store);
    writeFileSync(join(dir, 'stint.yml'), yaml);
    const config = join(dir, 'stint.yml');
    child = spawn(
      process.execPath,
      [...flags, cli, 'serve', '--config', config, '--port', '0', '--host', '127.0.0.1'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  }
  const url = await new Promise<string>((resolve, reject) => {
    // Only until the listening line: a broker's stdout then carries an access line per request,
    // and matching the whole of it again at every chunk (a string of megabytes, copied flat each
    // time) took enough of this shared machine's two cores to raise the server's CPU per exchange.
    let text = '';
    const onData = (chunk: string): void => {
      text += chunk;
      const match = /listening on (\S+)/.exec(text);
      if (!match) return;
      child.stdout!.off('data', onData).resume();
      text = '';
      resolve(match[1]!);
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${spec} exited with ${code}`)));
  });
  return { name: spec.replace(/[^A-Za-z0-9@.=-]/g, '_'), url: `${url}/auth/oidc/exchange`, child };
}

const servers: Array<{ name: string; url: string; child: ChildProcess }> = [];
// A server that fails to start, or a failed round, must not leave the others running.
process.once('exit', () => {
  for (const s of servers) s.child.kill('SIGTERM');
});
for (const spec of names) servers.push(await start(spec));
const mint = (n: number): Promise<string[]> => mintIdTokens(issuer, n);
const dir = mkdtempSync(join(tmpdir(), 'stint-drive-'));
const inFlight = Number(inFlightText);
const warmUp = Number(process.env.WARM_UP ?? 3000);
for (const s of servers) await measure({ ...s, pid: s.child.pid! }, await mint(warmUp), 8, dir);
const results = new Map<string, Phase[]>(servers.map((s) => [s.name, []]));
/** ns per thread name (main, libuv-worker, V8 workers…): where a server's CPU goes. */
function threads(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = task === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      byName.set(name, (byName.get(name) ?? 0) + ns);
    } catch {}
  }
  return byName;
}
const perThread = new Map<string, Map<string, number>>();
let exchanges = 0;
for (let round = 0; round < Number(roundsText); round++) {
  const batches = await Promise.all(servers.map(() => mint(Number(tokensText))));
  for (const [i, s] of servers.entries()) {
    const before = threads(s.child.pid!);
    const phase = await measure({ ...s, pid: s.child.pid! }, batches[i]!, inFlight, dir);
    results.get(s.name)!.push(phase);
    const sums = perThread.get(s.name) ?? new Map<string, number>();
    for (const [name, ns] of threads(s.child.pid!))
      sums.set(name, (sums.get(name) ?? 0) + ns - (before.get(name) ?? 0));
    perThread.set(s.name, sums);
    if (i === 0) exchanges += Number(tokensText);
  }
}
const first = results.get(servers[0]!.name)!;
for (const [name, phases] of results) {
  const ratio = median(phases.map((p, i) => p.cpuUsPerExchange / first[i]!.cpuUsPerExchange));
  console.log(
    `${inFlight} in flight ${name}: ${median(phases.map((p) => p.cpuUsPerExchange)).toFixed(0)} µs/exchange, ` +
      `${median(phases.map((p) => p.perSecond)).toFixed(0)}/s; CPU ÷ first ${ratio.toFixed(2)} ` +
      `[${phases.map((p) => p.cpuUsPerExchange.toFixed(0)).join(' ')}]`,
  );
}
console.log(`load ${loadavg()[0]!.toFixed(1)}`);
if (process.env.PER_THREAD)
  for (const [name, sums] of perThread)
    console.log(
      name,
      [...sums].map(([t, ns]) => `${t} ${(ns / 1000 / exchanges).toFixed(0)}`).join(', '),
      'µs/exchange (mean)',
    );
for (const s of servers) s.child.kill('SIGTERM');
await Promise.all(servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(0) : s.child.once('exit', r)))));
await issuer.stop();
