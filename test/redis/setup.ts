import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { CLI, type RunningBroker, startBroker } from '../helpers/broker.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

/** Audience of the CI tokens and `iss` of minted tokens: every instance has the same public URL. */
export const BROKER_ISSUER = 'https://stint.test';
export const REDIS_PASSWORD_ENV = 'STINT_REDIS_PASSWORD';

export interface ConfigOptions {
  issuerUrl: string;
  keysDir: string;
  /** `memory`, a Redis URL whose password comes from STINT_REDIS_PASSWORD, or a whole `store:` value. */
  store: 'memory' | { url: string } | { yaml: string };
  rateLimit?: { rps: number; burst: number };
  /** `rate_limit.per_address`; the broker's default when absent. */
  perAddress?: { rps: number; burst: number };
}

/**
 * A broker config as a real deployment of several instances writes it: the same file on each,
 * one shared keys dir (absolute), the audit log relative (so one per instance), the Redis
 * password from an env var. Project `limited` has its own small rate limit for the limit tests.
 */
export function brokerConfig(options: ConfigOptions): string {
  const store =
    options.store === 'memory'
      ? 'memory'
      : 'yaml' in options.store
        ? options.store.yaml
        : `{ url: "${options.store.url}", password_env: ${REDIS_PASSWORD_ENV} }`;
  const rateLimit = options.rateLimit ?? { rps: 1000, burst: 1000 };
  return `issuer: ${BROKER_ISSUER}
keys: { dir: "${options.keysDir}", algorithm: EdDSA }
store: ${store}
audit: { file: audit.jsonl }
rate_limit: { rps: ${rateLimit.rps}, burst: ${rateLimit.burst}${options.perAddress ? `, per_address: { rps: ${options.perAddress.rps}, burst: ${options.perAddress.burst} }` : ''} }
providers:
  github: { issuer: "${options.issuerUrl}", allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read, write]
  limited:
    scopes: [read]
    rate_limit: { rps: 0.01, burst: 3 }
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`;
}

export interface Fleet {
  redis: RedisServer | undefined;
  issuer: GithubIssuer;
  keysDir: string;
  brokers: RunningBroker[];
  /** Env that the brokers and the CLI run with (holds the Redis password). */
  env: Record<string, string>;
  /** Path of broker i's config file (for CLI commands against the same store). */
  configFile(i: number): string;
  stop(): Promise<void>;
}

/**
 * Starts `count` broker processes (the built CLI) on one store, sharing one keys dir, plus a
 * GitHub-shaped issuer and, for `redis`, a real redis-server with a password.
 */
export async function startFleet(
  count: number,
  store: 'memory' | 'redis',
  options: {
    rateLimit?: { rps: number; burst: number };
    perAddress?: { rps: number; burst: number };
    redisArgs?: string[];
  } = {},
): Promise<Fleet> {
  const redis =
    store === 'redis'
      ? await startRedis({
          password: `fleet-${process.pid}-pw`,
          ...(options.redisArgs ? { args: options.redisArgs } : {}),
        })
      : undefined;
  const issuer = await startGithubIssuer();
  const keysDir = mkdtempSync(join(tmpdir(), 'stint-shared-keys-'));
  const env: Record<string, string> = redis?.password ? { [REDIS_PASSWORD_ENV]: redis.password } : {};
  const configYaml = brokerConfig({
    issuerUrl: issuer.url,
    keysDir,
    store: redis ? { url: `${redis.url}/0` } : 'memory',
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.perAddress ? { perAddress: options.perAddress } : {}),
  });
  const brokers: RunningBroker[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(brokers.map((b) => b.stop()));
    await issuer.stop();
    await redis?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  };
  try {
    // One at a time: the first creates the signing keys that the others then load.
    for (let i = 0; i < count; i++) brokers.push(await startBroker({ configYaml, env }));
  } catch (error) {
    await stop();
    throw error;
  }
  return { redis, issuer, keysDir, brokers, env, configFile: (i) => join(brokers[i]!.dir, 'stint.yml'), stop };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** POST /auth/oidc/exchange; with `timeoutMs` the request is aborted (and the test fails) after that long. */
export async function exchange(
  brokerUrl: string,
  token: string,
  project = 'warehouse',
  timeoutMs?: number,
): Promise<Answer> {
  const res = await fetch(`${brokerUrl}/auth/oidc/exchange`, {
    method: 'POST',
    ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, project }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** POST a form to the broker. */
export async function postForm(url: string, form: Record<string, string>, bearer?: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: res.headers,
  };
}

/** An ID token for the default identity (a push to main of acme/warehouse) and the broker's audience. */
export function idToken(issuer: GithubIssuer): Promise<string> {
  return issuer.mint({ aud: BROKER_ISSUER });
}

/** Runs the built CLI; resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // A ceiling for a busy machine; a run still going then (a serve that should have refused) is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
