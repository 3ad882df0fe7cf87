import { spawn } from 'node:child_process';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { CLI } from '../helpers/broker.js';

export { CLI };

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell and collects its output. Asynchronous on purpose: the issuers
 * live in the test's own process and must keep answering while the child runs.
 */
export function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // No input → stdin is /dev/null, not a socket: bash treats a socket stdin as "run by sshd",
    // then reads ~/.bashrc and skips $BASH_ENV, which is not how a CI runs a step.
    const child = spawn(file, args, {
      env: options.env ?? {},
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input);
  });
}

/** A minimal environment for a child: PATH and HOME only, so nothing of this process leaks in. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', ...extra };
}

/**
 * Proves a stint token is the real thing: signed by the broker's published keys, issued by the
 * broker, for project warehouse. Returns its claims.
 */
export async function verifyStintToken(brokerUrl: string, token: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${brokerUrl}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: 'https://stint.test', typ: 'at+jwt' });
  if (protectedHeader.typ !== 'at+jwt') throw new Error('not an at+jwt');
  return payload;
}
