import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { CLI, type RunningBroker } from '../helpers/broker.js';

const ROOT = resolve(import.meta.dirname, '../..');

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

/** The refusal every recipe prints when a job names an npm version (`stint@VERSION`). */
export const NPM_REFUSAL = (version: string, settings: string) =>
  `stint: refusing to run stint@${version} from npm: no release of stint is published there yet, so the npm name stint is not this project's and that package would be someone else's code, run with this job's secrets. Unset the npm version and say where the CLI comes from with ${settings}`;

/** The settings a recipe's "say where the CLI comes from" names must never include the npm version. */
export const NPM_SETTING = /cli[-_]version|cliVersion/;

/**
 * An `npx` (and `npm`) that only records that it ran, in a directory of its own under `dir`:
 * put `bin` first on a job's PATH, and `ran()` says whether anything asked npm for a package.
 */
export function fakeNpx(dir: string): { bin: string; ran: () => boolean } {
  const bin = join(dir, 'npx-bin');
  const marker = join(dir, 'npx-ran');
  mkdirSync(bin, { recursive: true });
  for (const name of ['npx', 'npm']) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${marker}'\necho 'npm ran'\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, ran: () => existsSync(marker) };
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

/** Creates a project API key on a running test broker (as its operator would), for introspection. */
export async function createApiKey(broker: RunningBroker, project = 'warehouse'): Promise<string> {
  const created = await run(
    process.execPath,
    [CLI, 'keys', 'create-api-key', '--config', 'stint.yml', '--project', project],
    { cwd: broker.dir, env: baseEnv() },
  );
  const key = /stint_sk_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
  if (created.code !== 0 || key === undefined) throw new Error(`create-api-key failed: ${created.stderr}`);
  return key;
}

/**
 * Asks the broker whether a token is live (RFC 7662 `/oauth2/introspect`, with a project API
 * key). A key created a moment ago reaches a running broker within a second, so a 401 is retried
 * for a while before it counts.
 */
export async function introspect(
  brokerUrl: string,
  apiKey: string,
  token: string,
): Promise<{ active: boolean; [claim: string]: unknown }> {
  const deadline = Date.now() + 120_000; // a ceiling for a busy machine
  for (;;) {
    const answer = await fetch(`${brokerUrl}/oauth2/introspect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    if (answer.status === 200) return (await answer.json()) as { active: boolean };
    if (answer.status !== 401 || Date.now() > deadline)
      throw new Error(`introspection answered ${answer.status}: ${await answer.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface CliAssetServer {
  /** The release asset, as a recipe's cli url. */
  url: string;
  /** Its SHA-256, from the SHA256SUMS the release script wrote beside it. */
  sha256: string;
  /** The same file with one statement added (it writes `tamperedMarker` when run), at another URL. */
  tamperedUrl: string;
  tamperedSha256: string;
  tamperedMarker: string;
  /** Paths requested so far. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Makes the CLI's release asset the way a release does (`scripts/release-asset.mjs` on the built
 * dist/cli) in `dir`, and serves it on 127.0.0.1 under a GitHub-release-like path, beside a
 * tampered copy.
 */
export async function serveCliAsset(dir: string): Promise<CliAssetServer> {
  const out = join(dir, 'release');
  const made = await run(process.execPath, [join(ROOT, 'scripts/release-asset.mjs'), '--out', out], { env: baseEnv() });
  if (made.code !== 0) throw new Error(`release-asset.mjs failed: ${made.stderr}`);
  // SHA256SUMS lists every file of the release (the npm tarball too, when the workflow packed it there).
  const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/) as [string, string]);
  const [sha256, name] = sums.find(([, file]) => /^stint-cli-.+\.mjs$/.test(file)) ?? ['', ''];
  if (name === '') throw new Error('SHA256SUMS names no stint-cli-<version>.mjs');
  const good = readFileSync(join(out, name));
  const tamperedMarker = join(dir, 'tampered-asset-ran');
  const shebang = '#!/usr/bin/env node\n';
  const tampered = Buffer.concat([
    Buffer.from(
      `${shebang}import{writeFileSync as tamper}from"node:fs";tamper(${JSON.stringify(tamperedMarker)},"ran");\n`,
    ),
    good.subarray(shebang.length),
  ]);
  const requests: string[] = [];
  const version = /^stint-cli-(.+)\.mjs$/.exec(name)?.[1];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body =
      req.url === `/download/v${version}/${name}`
        ? good
        : req.url === `/tampered/v${version}/${name}`
          ? tampered
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/download/v${version}/${name}`,
    sha256,
    tamperedUrl: `${origin}/tampered/v${version}/${name}`,
    tamperedSha256: createHash('sha256').update(tampered).digest('hex'),
    tamperedMarker,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
