/**
 * What a CI's token request is built from: finding a program on the job's PATH, running it
 * without a shell, the error for a refused request, and checking that what came back is a JWT.
 * The requests themselves live in each CI's descriptor (`github.ts`, `buildkite.ts`).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StintError } from '../lib/errors.js';
import { RemoteError } from '../lib/retry.js';
import type { ExecResult } from './descriptor.js';

/** The absolute path of an executable `name` on env.PATH (the job's PATH, not ours), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** Runs `file` with `args` as a list (no shell ever sees them); rejects with the exit `code` and `stderr`. */
export function execFileNoShell(
  file: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ExecResult> {
  // Loaded on first use: a CI whose token comes over HTTP (GitHub's, the action) never pays for it.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024, shell: false },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * ERR_ID_TOKEN_REQUEST_FAILED: the CI did not hand out a token this time. `retryAfterMs` is the
 * token service's Retry-After (429, 503), which the retry loop waits out before asking again.
 */
export function idTokenRequestError(
  message: string,
  details: { status?: number; retryable?: boolean; retryAfterMs?: number; cause?: unknown },
): RemoteError {
  return new RemoteError('ERR_ID_TOKEN_REQUEST_FAILED', message, details);
}

/** A compact JWS is three base64url parts; anything else would only fail at the broker, less clearly. */
export function requireJwt(value: string, where: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
    throw new StintError(
      'ERR_ID_TOKEN_INVALID',
      `${where} does not hold a JWT (expected three base64url parts separated by dots)`,
    );
  }
  return value;
}

/** The last line of a program's stderr, capped, to say why it failed. */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
