import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startGithubIssuer } from '../src/demo/github-issuer.js';
import { createLocalJob, runActionStep } from '../src/demo/local-runner.js';
import { type RunningBroker, startBroker } from '../test/helpers/broker.js';
import { AUDIENCE, brokerYaml } from './exchange/harness.js';
import { type BenchFigure, recordBench } from './report.js';

/**
 * The action's cost on every job: how long `node dist/main/index.js` takes to start and fail fast
 * on missing inputs (it loads everything a run always needs, and nothing else), against
 * `node -e 0` measured alternately in the same run; and the size of the main bundle's entry file
 * (what every run loads; chunks for signing, YAML and node-forge load only when used).
 * Peers measured the same way: the best bundled peer action starts at 2.76× `node -e 0`, and the
 * smallest peer main bundle (google-github-actions/auth) is 650 KB.
 */
const PAIRS = 40;
const TIME_LIMIT_MS = 60_000;

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.error) throw result.error;
  return elapsed;
}

/**
 * A process started and awaited the way runActionStep (src/demo/local-runner.ts) runs a step:
 * spawned from this event loop, stdout and stderr piped and read, timed until 'close'. The
 * happy path's baselines are timed this way too, so both sides pay the same for it.
 */
async function spawnedMs(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', () => undefined);
  child.stderr.setEncoding('utf8').on('data', () => undefined);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function dirSize(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

const figures: BenchFigure[] = [];

it('action cold start and bundle size', () => {
  const temp = mkdtempSync(join(tmpdir(), 'stint-bench-'));
  try {
    // A runner environment with no inputs at all: main reads them, finds nothing to do, fails.
    const env = { PATH: process.env.PATH, RUNNER_TEMP: temp, HOME: temp };
    const check = spawnSync(process.execPath, ['dist/main/index.js'], { env, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^::error::stint: nothing to do/);

    const action: number[] = [];
    const baseline: number[] = [];
    const deadline = performance.now() + TIME_LIMIT_MS;
    for (let i = 0; i < 3; i++) wallMs(['dist/main/index.js'], env); // warm the file cache
    for (let i = 0; i < PAIRS && performance.now() < deadline; i++) {
      baseline.push(wallMs(['-e', '0'], env));
      action.push(wallMs(['dist/main/index.js'], env));
    }
    const ratio = median(action) / median(baseline);
    const mainSize = statSync('dist/main/index.js').size;
    const postSize = statSync('dist/post/index.js').size;
    figures.push(
      {
        figure: `cold start of dist/main/index.js failing on missing inputs ÷ node -e 0 (median of ${action.length} alternating pairs)`,
        value: `${ratio.toFixed(2)}× (${median(action).toFixed(0)} ms vs ${median(baseline).toFixed(0)} ms)`,
        target: '≤ 1.8×',
        met: ratio <= 1.8,
      },
      {
        figure: 'dist/main/index.js size (loaded by every run)',
        value: `${(mainSize / 1024).toFixed(0)} KB`,
        target: '< 650 KB',
        met: mainSize < 650 * 1024,
      },
      {
        figure: 'dist/main all chunks (signing, YAML, node-forge load only when used)',
        value: `${(dirSize('dist/main') / 1024).toFixed(0)} KB`,
        target: '',
      },
      { figure: 'dist/post/index.js size', value: `${(postSize / 1024).toFixed(0)} KB`, target: '' },
    );
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});

/**
 * The happy path as a job runs it: main (ID token from the runner's endpoint, exchange at a local
 * broker, masks, outputs, state) and post (revokes the token at the broker), each a whole
 * `node dist/<step>/index.js` process run the way the runner runs it (src/demo/local-runner.ts),
 * against `node -e 0` started and awaited the same way (so both pay the same for being spawned
 * from this event loop), alternating, in one run. The issuer and the broker (the default store,
 * which flushes its journal before answering) start once, before the timed rounds; every timed
 * run is a fresh process. Retries and the masking order are what the action always does; nothing
 * is switched off for the bench. Also shown, without a target: `node <an empty CommonJS file>`,
 * the floor of running any file, which the action's steps (CommonJS bundles) pay before their
 * first line; and `node <an empty ES module>`, which adds Node's ES module loader on top (what
 * the steps would pay as ES modules).
 */
const HAPPY_RUNS = 21;
const HAPPY_TIME_LIMIT_MS = 120_000;

it('action happy path: main and post against a local broker', async () => {
  const issuer = await startGithubIssuer({ audience: AUDIENCE });
  let broker: RunningBroker | undefined;
  const job = createLocalJob();
  try {
    broker = await startBroker({ configYaml: brokerYaml(issuer.url) });
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer.url}/_apis/distributedtask/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    };
    const inputs = { 'broker-url': broker.url, project: 'warehouse', audience: AUDIENCE };
    const options = { actionRoot: process.cwd(), inputs, env };
    const emptyCommonJs = join(job.dir, 'empty.cjs');
    const emptyModule = join(job.dir, 'empty.mjs');
    writeFileSync(emptyCommonJs, '');
    writeFileSync(emptyModule, '');
    const bareEnv = { PATH: process.env.PATH };
    const main: number[] = [];
    const post: number[] = [];
    const baseline: number[] = [];
    const emptyCommonJsFile: number[] = [];
    const emptyModuleFile: number[] = [];
    const deadline = performance.now() + HAPPY_TIME_LIMIT_MS;
    for (let i = -2; i < HAPPY_RUNS && performance.now() < deadline; i++) {
      const bare = await spawnedMs(['-e', '0'], bareEnv);
      const ran = await runActionStep(job, 'main', options);
      if (ran.code !== 0 || ran.outputs.token === undefined) throw new Error(`main failed: ${ran.stdout}${ran.stderr}`);
      const revoked = await runActionStep(job, 'post', options);
      if (revoked.code !== 0 || revoked.warnings.length > 0) throw new Error(`post failed: ${revoked.stdout}`);
      const emptyCommonJsMs = await spawnedMs([emptyCommonJs], bareEnv);
      const emptyModuleMs = await spawnedMs([emptyModule], bareEnv);
      // The first two rounds warm the file cache and the broker.
      if (i < 0) continue;
      main.push(ran.elapsedMs);
      post.push(revoked.elapsedMs);
      baseline.push(bare);
      emptyCommonJsFile.push(emptyCommonJsMs);
      emptyModuleFile.push(emptyModuleMs);
    }
    for (const [step, times] of [
      ['main', main],
      ['post', post],
    ] as const) {
      const ratio = median(times) / median(baseline);
      figures.push({
        figure: `happy path: dist/${step}/index.js against a local broker ÷ node -e 0 (median of ${times.length} alternating runs)`,
        value: `${ratio.toFixed(2)}× (${median(times).toFixed(0)} ms vs ${median(baseline).toFixed(0)} ms)`,
        target: '≤ 2×',
        met: ratio <= 2,
      });
    }
    for (const [file, times] of [
      ['an empty CommonJS file, the floor of running any file (the steps are CommonJS)', emptyCommonJsFile],
      ['an empty ES module (adds the ES module loader)', emptyModuleFile],
    ] as const) {
      figures.push({
        figure: `node <${file}> ÷ node -e 0 (median of ${times.length} alternating runs)`,
        value: `${(median(times) / median(baseline)).toFixed(2)}× (${median(times).toFixed(0)} ms vs ${median(baseline).toFixed(0)} ms)`,
        target: '',
      });
    }
  } finally {
    await broker?.stop();
    await issuer.stop();
    job.remove();
  }
  recordBench('action', figures);
});
