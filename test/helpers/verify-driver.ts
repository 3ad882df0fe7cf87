import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const BUNDLE = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;

/**
 * A node process that has imported the built `stint/verify` bundle (dist/verify, what users
 * import) and keeps it loaded, so its key cache lives across steps, as in a user's server.
 * Each step is the body of an async function, run there with `verify` (the bundle), `state` (an
 * object kept between steps), `now` (a clock: `state.start + state.offset`, which a step moves)
 * and `args`; its return value comes back as JSON.
 */
export interface VerifyDriver {
  run<T = unknown>(body: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const SCRIPT = `
import * as verify from ${JSON.stringify(BUNDLE)};
import { createInterface } from 'node:readline';
const state = { start: Date.now(), offset: 0 };
const now = () => state.start + state.offset;
for await (const line of createInterface({ input: process.stdin })) {
  const { id, body, args } = JSON.parse(line);
  let answer;
  try {
    const step = new Function('verify', 'state', 'now', 'args', 'return (async () => {' + body + '})()');
    answer = { id, value: await step(verify, state, now, args) };
  } catch (error) {
    answer = { id, failed: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + '\\n');
}
`;

/**
 * @example
 * const driver = startVerifyDriver();
 * const claims = await driver.run('return verify.verifyStintToken(args.token, { issuer: args.issuer, audience: args.aud, now })', { token, issuer, aud });
 */
export function startVerifyDriver(): VerifyDriver {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const waiting = new Map<number, { done: (value: unknown) => void; fail: (error: Error) => void }>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as { id: number; value?: unknown; failed?: string };
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.failed !== undefined) pending?.fail(new Error(answer.failed));
    else pending?.done(answer.value);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => {
    for (const pending of waiting.values()) pending.fail(new Error(`the verify driver exited: ${stderr}`));
    waiting.clear();
  });
  let next = 0;
  return {
    run<T>(body: string, args?: unknown): Promise<T> {
      const id = next++;
      return new Promise<T>((done, fail) => {
        waiting.set(id, { done: done as (value: unknown) => void, fail });
        child.stdin.write(`${JSON.stringify({ id, body, args })}\n`);
      });
    },
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
