// A manual counter (not a bench; nothing asserts): what one exchange makes a server do, apart from
// how long it takes. Starts the GitHub-like issuer and one server (SERVER as drive.ts names them:
// `baseline`, `baseline-durable`, `cli=/ABSOLUTE/PATH/dist/cli/index.js[@store]`), warms it up, then
// over COUNT exchanges (all of them, no time limit) counts per exchange:
// - async resources created, by type (promises, timers, immediates, thread-pool requests), from an
//   async hook (bench/exchange/count-hooks.mjs); STINT_COUNT_STACKS=PROMISE,Timeout also says where
//   each type is created;
// - bytes allocated on the JS heap (V8's --trace-gc-nvp `allocated`, and a sampled heap profile by
//   function; SITES=N lines of it) and garbage collections;
// - with STRACE=1, in a run of its own: system calls by name (strace -c -f);
// - with CALLGRIND=1, in a run of its own under valgrind: instructions per exchange by thread, and
//   those of the request path alone (from a socket read or a file callback: no timers, no JIT
//   tasks). Instructions do not depend on the machine's load as CPU time does, but what runs on
//   timers and the JIT's recompiles still move with how fast valgrind ran: two runs of one build,
//   started together, differed by up to 3 % on a machine at load 20; compare builds started together;
// - with TRACE_OPT=1, in a run of its own: what V8 compiles and deoptimises after the warm-up.
// WARM_UP sets the warm-up (default 3000, 2500 under valgrind). STINT_LOAD_FRESH=1 (read by
// bench/exchange/load.mjs, so drive.ts takes it too) opens a connection per exchange, as CI jobs
// do, instead of keep-alive: after a keep-alive warm-up, each new connection of a round deopts
// node:http's code and the broker's with it (27 deopts, 90 compiles in the next 3,000 exchanges;
// the baseline 20 and 21), where with a connection per exchange throughout it settles (4 and 23;
// the baseline 0 and 15).
//   npx tsx bench/exchange/count.ts SERVER [IN_FLIGHT] [COUNT]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startGithubIssuer } from '../../src/demo/github-issuer.js';
import { AUDIENCE, brokerYaml, measure, mintIdTokens } from './harness.js';

const [spec = 'baseline', inFlightText = '1', countText = '2000'] = process.argv.slice(2);
const inFlight = Number(inFlightText);
const count = Number(countText);
const issuer = await startGithubIssuer({ lifetimeSeconds: 1800 });
const dir = mkdtempSync(join(tmpdir(), 'stint-count-'));
const out = join(dir, 'counts.json');
const log = join(dir, 'stdout.txt');

async function start(extraFlags: string[]): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const flags = [...extraFlags];
  let args: string[];
  let env: NodeJS.ProcessEnv = { ...process.env, STINT_COUNT_OUT: out };
  const serverDir = mkdtempSync(join(dir, 'server-'));
  if (spec === 'baseline' || spec === 'baseline-durable') {
    args = [...flags, join(import.meta.dirname, 'baseline-server.mjs')];
    env = {
      ...env,
      STINT_BENCH_BASELINE: JSON.stringify({
        jwk: issuer.publicJwk,
        issuer: issuer.url,
        audience: AUDIENCE,
        auditFile: join(serverDir, 'baseline-audit.jsonl'),
        journalFile: spec === 'baseline-durable' ? join(serverDir, 'baseline-journal.jsonl') : undefined,
      }),
    };
  } else {
    const [cli, store = 'memory'] = spec.slice('cli='.length).split('@') as [string, string | undefined];
    writeFileSync(join(serverDir, 'stint.yml'), brokerYaml(issuer.url, store));
    args = [...flags, cli, 'serve', '--config', join(serverDir, 'stint.yml'), '--port', '0', '--host', '127.0.0.1'];
  }
  const { openSync } = await import('node:fs');
  const fd = openSync(log, 'w');
  const child = process.env.CALLGRIND
    ? spawn(
        'valgrind',
        [
          '--tool=callgrind',
          '--instr-atstart=no',
          '--separate-threads=yes',
          `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
          process.execPath,
          ...args,
        ],
        { cwd: serverDir, env, stdio: ['ignore', fd, 'ignore'] },
      )
    : spawn(process.execPath, args, { cwd: serverDir, env, stdio: ['ignore', fd, 'ignore'] });
  for (let i = 0; i < 600; i++) {
    const match = /listening on (\S+)/.exec(readFileSync(log, 'utf8'));
    if (match) {
      return {
        pid: child.pid!,
        url: `${match[1]}/auth/oidc/exchange`,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null) throw new Error(`${spec} exited with ${child.exitCode}`);
    await sleep(100);
  }
  throw new Error(`${spec} did not listen`);
}

async function waitFor(file: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`no ${file}`);
}

let done = count;
const per = (n: number): string => (n / done).toFixed(2);
const LOAD = join(import.meta.dirname, 'load.mjs');
/** Posts every token (no time limit, unlike measure) and returns how many were exchanged. */
async function load(url: string, tokens: string[]): Promise<number> {
  const file = join(dir, 'tokens.txt');
  writeFileSync(file, tokens.join('\n'));
  const { stdout } = await promisify(execFile)(process.execPath, [LOAD, url, file, String(inFlight), '600000']);
  const result = JSON.parse(stdout) as { count: number; failures: number; firstFailure?: string };
  if (result.failures > 0) throw new Error(`${result.failures} exchanges failed, first: ${result.firstFailure}`);
  return result.count;
}

// Instructions (valgrind's callgrind: the same count whatever else the machine runs), in a run of their own.
if (process.env.CALLGRIND) {
  const run = promisify(execFile);
  const server = await start([]);
  await load(server.url, await mintIdTokens(issuer, Number(process.env.WARM_UP ?? 2500)));
  const tokens = await mintIdTokens(issuer, count);
  await run('callgrind_control', ['-i', 'on', String(server.pid)]);
  done = await load(server.url, tokens);
  await run('callgrind_control', ['-d', String(server.pid)]);
  await server.stop();
  const { readdirSync } = await import('node:fs');
  let total = 0;
  const perThread: string[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.startsWith('callgrind.out') && /\.1-\d+$/.test(n))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const summary = Number(/^summary: (\d+)/m.exec(text)?.[1] ?? /^totals: (\d+)/m.exec(text)?.[1] ?? 0);
    total += summary;
    perThread.push(`${name.replace(/^.*\.1-/, 'thread ')} ${per(summary / 1000)}k`);
  }
  // The request path alone: what runs from a socket read (the request, up to its first wait) and
  // from a thread-pool file callback (the journal's flush answering it), without the timers and
  // the JIT's main-thread tasks, whose share moves with how fast valgrind ran (so with the load).
  const main = readdirSync(dir).find((n) => /^callgrind\.out\.1-0*1$/.test(n));
  let requestPath = 0;
  if (main !== undefined) {
    const { stdout } = await run('callgrind_annotate', ['--inclusive=yes', '--threshold=100', join(dir, main)], {
      maxBuffer: 1 << 28,
    });
    for (const line of stdout.split('\n'))
      if (/uv__stream_io \[|node::fs::AfterNoArgs\(/.test(line))
        requestPath += Number(line.trim().split(/\s+/)[0]!.replaceAll(',', ''));
  }
  console.log(
    `${spec}, ${inFlight} in flight, ${done} exchanges: ${per(total / 1000)}k instructions per exchange (${perThread.join(', ')}); request path ${per(requestPath / 1000)}k`,
  );
  console.log(`  files in ${dir}`);
  await issuer.stop();
  process.exit(0);
}

// What V8 compiles and deoptimises after the warm-up (--trace-opt --trace-deopt), in a run of its own.
if (process.env.TRACE_OPT) {
  const server = await start(['--trace-opt', '--trace-deopt']);
  await load(server.url, await mintIdTokens(issuer, Number(process.env.WARM_UP ?? 3000)));
  const tokens = await mintIdTokens(issuer, count);
  const from = readFileSync(log, 'utf8').length;
  done = await load(server.url, tokens);
  const text = readFileSync(log, 'utf8').slice(from);
  await server.stop();
  const events = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match =
      /^\[(compiling method|completed compiling|bailout|marking|optimizing)\b.*?<JSFunction ([^ >]*)[^>]*>(?:.*?reason: ([^)\]]*))?/.exec(
        line,
      );
    if (!match) continue;
    const key = `${match[1]} ${match[2]} ${match[3] ?? ''}`.slice(0, 160);
    events.set(key, (events.get(key) ?? 0) + 1);
  }
  console.log(`${spec}: after the warm-up, over ${done} exchanges:`);
  for (const [key, n] of [...events].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${n} ${key}`);
  await issuer.stop();
  process.exit(0);
}

// Counts and allocation.
{
  const server = await start([`--import=${join(import.meta.dirname, 'count-hooks.mjs')}`, '--trace-gc-nvp']);
  const s = { name: 'count', url: server.url, pid: server.pid };
  await measure(s, await mintIdTokens(issuer, 3000), 8, dir);
  const tokens = await mintIdTokens(issuer, count);
  process.kill(server.pid, 'SIGUSR2');
  await waitFor(`${out}.started`);
  done = await load(server.url, tokens);
  process.kill(server.pid, 'SIGUSR2');
  const result = JSON.parse(await waitFor(out)) as {
    started: number;
    ended: number;
    counts: Record<string, number>;
    sampledBytes: number;
    sites: Array<[string, number]>;
    stacks: Array<[string, number]>;
  };
  await server.stop();
  let allocated = 0;
  const gcs: Record<string, number> = {};
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const match = /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: .*?gc=(\w+) .*?allocated=(\d+)/.exec(line);
    if (!match) continue;
    const ms = Number(match[1]);
    if (ms < result.started || ms > result.ended) continue;
    allocated += Number(match[3]);
    gcs[match[2]!] = (gcs[match[2]!] ?? 0) + 1;
  }
  console.log(`${spec}, ${inFlight} in flight, ${count} exchanges; per exchange:`);
  for (const [type, n] of Object.entries(result.counts).sort((a, b) => b[1] - a[1])) console.log(`  ${type} ${per(n)}`);
  console.log(`  bytes allocated (trace-gc allocated, GCs in the window) ${per(allocated)}`);
  console.log(`  bytes allocated (sampled) ${per(result.sampledBytes)}`);
  console.log(
    `  GCs ${Object.entries(gcs)
      .map(([kind, n]) => `${kind} ${per(n)}`)
      .join(', ')}`,
  );
  if (result.stacks.length > 0) console.log('  where (STINT_COUNT_STACKS):');
  for (const [site, n] of result.stacks) console.log(`    ${per(n).padStart(6)} ${site}`);
  console.log('  top allocation sites (bytes per exchange):');
  for (const [site, bytes] of result.sites.slice(0, Number(process.env.SITES ?? 30)))
    console.log(`    ${per(bytes).padStart(9)} ${site}`);
}

// System calls, in a run of their own (strace slows the server).
if (process.env.STRACE) {
  const server = await start([]);
  const s = { name: 'strace', url: server.url, pid: server.pid };
  await measure(s, await mintIdTokens(issuer, 3000), 8, dir);
  const tokens = await mintIdTokens(issuer, count);
  const traceFile = join(dir, 'strace.txt');
  const tracer = execFile('strace', ['-c', '-f', '-o', traceFile, '-p', String(server.pid)]);
  const exited = new Promise((resolve) => tracer.once('exit', resolve));
  await sleep(1000);
  done = await load(server.url, tokens);
  tracer.kill('SIGINT');
  await exited;
  await server.stop();
  console.log('  system calls per exchange:');
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 5 && /^\d/.test(fields[0]!) && fields.at(-1) !== 'total') {
      const calls = Number(fields[3]);
      console.log(`    ${fields.at(-1)} ${per(calls)}`);
    }
  }
}
await issuer.stop();
