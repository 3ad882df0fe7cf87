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

/** The most of a token service's refusal an error quotes. */
const MAX_SERVICE_MESSAGE = 200;

/**
 * What a token service said when it refused (its JSON `message`, `error_description` or `error`,
 * else the body as text), as `: <one line>` for an error message, or '' when it said nothing
 * worth quoting (an empty body, an HTML error page). One line, at most 200 characters, with each
 * of `secrets` (the request's own credential) and anything shaped like a JWT cut out: a service
 * that echoes what it was sent must not get it printed.
 *
 * @example serviceMessage('{"message":"Invalid audience"}', [requestToken]) // ': Invalid audience'
 */
export function serviceMessage(body: string, secrets: readonly string[]): string {
  let said = body;
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null) {
      const fields = json as Record<string, unknown>;
      const found = [fields.message, fields.error_description, fields.error].find((v) => typeof v === 'string');
      said = typeof found === 'string' ? found : '';
    }
  } catch {
    // not JSON: the text itself
  }
  for (const secret of secrets) if (secret.length >= 4) said = said.split(secret).join('***');
  said = said
    .replace(/[A-Za-z0-9_-]*eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, '[JWT withheld]')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  if (said === '' || said.startsWith('<')) return '';
  return `: ${said.length > MAX_SERVICE_MESSAGE ? `${said.slice(0, MAX_SERVICE_MESSAGE)}…` : said}`;
}

/** The last line of a program's stderr, capped, to say why it failed. */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
