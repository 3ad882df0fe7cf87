import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** What the benches' brokers are called by (their `issuer`) and the ID tokens' `aud`. */
export const AUDIENCE = 'https://stint.test';
/** Longest a phase may run, whatever its token count. */
const MAX_MS = 5_000;
const LOAD = new URL('./load.mjs', import.meta.url).pathname;

const run = promisify(execFile);

/** ns of CPU the process has used so far, all threads. */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read: its time is gone with it.
    }
  }
  return total;
}

export interface Server {
  name: string;
  url: string;
  pid: number;
  /** Every process whose CPU counts (a broker's workers and its primary); default just `pid`. */
  pids?: () => number[];
}

/** `pid` and its child processes (`stint serve --workers N`: the primary and its workers). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // It has gone: no children to count.
  }
  return [pid, ...children.flatMap(processTree)];
}

export interface Phase {
  perSecond: number;
  cpuUsPerExchange: number;
}

/** Posts `tokens` to the server from a separate process and reads what it cost the server. */
export async function measure(server: Server, tokens: string[], inFlight: number, dir: string): Promise<Phase> {
  const file = join(dir, `tokens-${server.name}-${inFlight}.txt`);
  writeFileSync(file, tokens.join('\n'));
  const pids = server.pids?.() ?? [server.pid];
  const cpu = (): number => pids.reduce((sum, pid) => sum + cpuNs(pid), 0);
  const before = cpu();
  const { stdout } = await run(process.execPath, [LOAD, server.url, file, String(inFlight), String(MAX_MS)]);
  const after = cpu();
  const result = JSON.parse(stdout) as { count: number; ms: number; failures: number; firstFailure?: string };
  if (result.failures > 0)
    throw new Error(`${server.name}: ${result.failures} exchanges failed, first: ${result.firstFailure}`);
  return { perSecond: (result.count * 1000) / result.ms, cpuUsPerExchange: (after - before) / 1000 / result.count };
}

/**
 * `n` ID tokens for the audience the bench brokers expect, minted before any measuring: minting is
 * RS256 signing, spread over the thread pool in batches of 100, and must not be what is measured.
 */
export async function mintIdTokens(
  issuer: { mint(claims: { aud: string }): Promise<string> },
  n: number,
): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < n)
    tokens.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, n - tokens.length) }, () => issuer.mint({ aud: AUDIENCE })),
      )),
    );
  return tokens;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function brokerYaml(issuerUrl: string, store = 'memory'): string {
  return `issuer: ${AUDIENCE}
store: ${store}
audit: { file: audit.jsonl }
rate_limit: { rps: 1000000, burst: 1000000, per_address: { rps: 1000000, burst: 1000000 } }
providers:
  github: { issuer: "${issuerUrl}", allow_insecure: true }
projects:
  warehouse:
    scopes: [read, write]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`;
}
