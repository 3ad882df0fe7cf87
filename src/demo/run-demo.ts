import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redact } from '../mask/index.js';
import { findActionRoot } from './action-root.js';
import { runningChildren } from './later-step.js';
import { type DemoContext, type DemoObserver, steps } from './steps.js';

export { type DemoContext, type DemoObserver, type Step, steps } from './steps.js';

export interface DemoIo {
  /** One line of output. */
  print(line: string): void;
}

/** Stops everything the steps started; never throws. */
async function shutDown(ctx: DemoContext): Promise<void> {
  ctx.abort.abort();
  for (const child of runningChildren) child.kill('SIGKILL');
  const servers = [ctx.mcp, ctx.receiver, ctx.api, ctx.mtls, ctx.oauth, ctx.broker, ctx.issuer];
  await Promise.allSettled(
    servers.map((server) => (server ? ('stop' in server ? server.stop() : server.close()) : undefined)),
  );
  rmSync(ctx.dir, { recursive: true, force: true });
}

export interface DemoOptions {
  /** The action's root (default: found from this module, see findActionRoot). */
  root?: string;
  /** Filled with every secret the demo made or the action masked (tests scan the output for them). */
  secrets?: Set<string>;
  observe?: DemoObserver;
  /** Where the demo makes its temp dir (default: the system's, os.tmpdir()). */
  tmpRoot?: string;
}

/**
 * `stint demo`: the main job of a GitHub workflow on this machine, on loopback, with nothing to
 * configure (README.md#try-it). Prints a ✓/✗ line per step as it goes, the job summary and one
 * result line; nothing printed holds a secret (every line is redacted with every value the demo
 * made or the action masked). Resolves true when every step worked. Servers, child processes
 * and the temp dir are gone when it returns, and on SIGINT/SIGTERM.
 */
export async function runDemo(io: DemoIo, options: DemoOptions = {}): Promise<boolean> {
  const started = performance.now();
  const root = options.root ?? findActionRoot();
  // Details are printed under their step's ✓/✗ line, once the step is over.
  let details: string[] = [];
  const ctx: DemoContext = {
    dir: await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'stint-demo-')),
    root,
    secrets: options.secrets ?? new Set(),
    detail: (line) => details.push(`    ${line}`),
    observe: options.observe ?? {},
    abort: new AbortController(),
  };
  const print = (line: string): void => io.print(redact(line, ctx.secrets));
  const interrupt = (signal: NodeJS.Signals): void => {
    print(`stint demo: ${signal}: stopping`);
    void shutDown(ctx).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  print('stint demo: the main job of a GitHub workflow that uses the stint action, on this machine (loopback only)');
  let passed = 0;
  let failed: string | undefined;
  try {
    for (const step of steps) {
      try {
        print(`✓ ${step.name}: ${await step.run(ctx)}`);
        passed++;
      } catch (error) {
        print(`✗ ${step.name}: ${(error as Error).message}`);
        failed ??= step.name;
      }
      for (const line of details) print(line);
      details = [];
    }
    const summary = [ctx.main?.summary, ctx.post?.summary].filter(Boolean).join('').trim();
    if (summary) {
      print('');
      print('── job summary (GITHUB_STEP_SUMMARY) ──');
      for (const line of summary.split('\n')) print(line);
      print('──');
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await shutDown(ctx);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = failed === undefined;
  print(
    ok
      ? `stint demo: PASS (${passed}/${steps.length} steps in ${seconds} s)`
      : `stint demo: FAILED (${passed}/${steps.length} steps passed in ${seconds} s; first failure: ${failed})`,
  );
  return ok;
}
