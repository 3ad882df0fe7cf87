/**
 * Runs the BUILT action the way the GitHub runner does (src/demo/local-runner.ts), with a
 * recording preload (journal-preload.mjs) so the order of `::add-mask::` against every line and
 * file write can be checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ActionStepResult,
  createLocalJob,
  type LocalJob,
  parseFileCommands,
  parseWorkflowCommands,
  runActionStep,
} from '../../src/demo/local-runner.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(ROOT, 'dist/main/index.js');
export const POST = join(ROOT, 'dist/post/index.js');
export const CLI = join(ROOT, 'dist/cli/index.js');
const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'journal-preload.mjs');

/** Fails with what to run when the bundles the scenarios need are missing. */
export function requireBuilt(): void {
  for (const file of [MAIN, POST, CLI]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`npm run build\` first (the scenario tests run the built action)`);
  }
}

export type Job = LocalJob;
export const createJob = (): Job => createLocalJob();
export const parseCommands = parseWorkflowCommands;
export const parseKeyValueFile = parseFileCommands;

export interface JournalEntry {
  kind: 'stdout' | 'stderr' | 'file';
  text: string;
  path?: string;
}

export interface StepResult extends ActionStepResult {
  /** Every stdout/stderr write and file write of the step, in program order. */
  journal: JournalEntry[];
}

let journalCounter = 0;

/** Runs main or post of the built action in `job`, recording its journal. */
export async function runStep(
  job: Job,
  step: 'main' | 'post',
  options: { inputs?: Record<string, string>; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<StepResult> {
  const journal = join(job.dir, `${step}-${++journalCounter}.journal`);
  const result = await runActionStep(job, step, {
    actionRoot: ROOT,
    nodeArgs: ['--import', PRELOAD],
    ...(options.inputs ? { inputs: options.inputs } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    env: { ...options.env, STINT_TEST_JOURNAL: journal },
  });
  const entries = existsSync(journal)
    ? readFileSync(journal, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JournalEntry)
    : [];
  return { ...result, journal: entries };
}

/**
 * The forms of a secret a later step could print, worked out here independently of src/mask:
 * the value, base64, base64url, URL-encoded, JSON-escaped, and each line (with and without
 * indentation) that is 4 characters or more and not PEM armour.
 */
export function formsToMask(secret: string): string[] {
  const forms = new Set([
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ]);
  const lines = secret.split(/\r?\n/);
  if (lines.length > 1) {
    for (const line of lines) {
      for (const form of [line, line.trim()]) {
        if (form.trim().length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(form.trim())) forms.add(form);
      }
    }
  }
  return [...forms].filter((form) => form.trim().length >= 4);
}

/**
 * Walks the step's journal in program order and returns every place a form of a secret was
 * written (stdout line or file) before its own `::add-mask::`, and every form never masked.
 * `::add-mask::` lines themselves are consumed by the runner and never shown, so they are skipped.
 */
export function maskViolations(
  result: StepResult,
  secrets: Record<string, string>,
  /** Forms worked out elsewhere (e.g. printed by real tools), checked as they are. */
  exactForms: Record<string, string[]> = {},
): string[] {
  const violations: string[] = [];
  const masked = new Set<string>();
  const forms = [
    ...Object.entries(secrets).flatMap(([label, secret]) =>
      formsToMask(secret).map((form, i) => ({ label: `${label} form ${i}`, form })),
    ),
    ...Object.entries(exactForms).flatMap(([label, list]) => list.map((form, i) => ({ label: `${label} ${i}`, form }))),
  ];
  const reported = new Set<string>();
  for (const entry of result.journal) {
    const pieces = entry.kind === 'file' ? [entry.text] : entry.text.split('\n');
    for (const piece of pieces) {
      const command = entry.kind === 'stdout' ? parseCommands(piece)[0] : undefined;
      if (command?.name === 'add-mask') {
        masked.add(command.data);
        continue;
      }
      for (const { label, form } of forms) {
        if (piece.includes(form) && !masked.has(form) && !reported.has(label)) {
          reported.add(label);
          violations.push(`${label} appears unmasked in ${entry.kind === 'file' ? `file ${entry.path}` : entry.kind}`);
        }
      }
    }
  }
  for (const { label, form } of forms) if (!masked.has(form)) violations.push(`${label} is never ::add-mask::ed`);
  return violations;
}

/**
 * One line of a later step's output as the runner shows it once `masks` are registered: every
 * occurrence of every mask found, overlapping ones merged, each stretch replaced by `***`
 * (actions/runner's SecretMasker).
 */
export function runnerMasked(line: string, masks: readonly string[]): string {
  const ranges: Array<[number, number]> = [];
  for (const mask of masks) {
    if (mask === '') continue;
    for (let at = line.indexOf(mask); at !== -1; at = line.indexOf(mask, at + 1)) ranges.push([at, at + mask.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let done = 0;
  for (let i = 0; i < ranges.length; ) {
    const start = ranges[i]![0];
    let end = ranges[i]![1];
    for (i++; i < ranges.length && ranges[i]![0] < end; i++) end = Math.max(end, ranges[i]![1]);
    out += `${line.slice(done, start)}***`;
    done = end;
  }
  return out + line.slice(done);
}

/** Every file under `dir`, recursively. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/**
 * A pass-through in front of a server that records what it answers and can fail requests: used
 * to capture the ID tokens the runner protocol hands out, and to make the broker answer 503.
 * `arrivals` holds when each request came in (performance.now()), by path.
 */
export async function startProxy(target: string, options: { onAnswer?: (path: string, body: string) => void } = {}) {
  let failures: {
    count: number;
    status: number;
    pathPrefix: string;
    headers: Record<string, string>;
    body?: string;
  } = {
    count: 0,
    status: 503,
    pathPrefix: '/',
    headers: {},
  };
  const arrivals: Array<{ path: string; at: number }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    arrivals.push({ path: req.url ?? '/', at: performance.now() });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        if (failures.count > 0 && path.startsWith(failures.pathPrefix)) {
          failures.count--;
          res.writeHead(failures.status, { 'content-type': 'application/json', ...failures.headers });
          res.end(
            failures.body ??
              JSON.stringify({
                error: 'temporarily_unavailable',
                error_description: 'injected by the test proxy',
                request_id: 'proxy',
              }),
          );
          return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type', 'accept'])
          if (req.headers[name]) headers[name] = String(req.headers[name]);
        const body = Buffer.concat(chunks);
        const answer = await fetch(`${target}${path}`, {
          method: req.method ?? 'GET',
          headers,
          ...(body.length ? { body } : {}),
        });
        const text = await answer.text();
        options.onAnswer?.(path, text);
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    /**
     * Answers the next `count` requests under `pathPrefix` with `status` (and `headers`, e.g.
     * retry-after; and `body`, by default an OAuth error naming the proxy).
     */
    failNext(count: number, status: number, pathPrefix = '/', headers: Record<string, string> = {}, body?: string) {
      failures = { count, status, pathPrefix, headers, ...(body === undefined ? {} : { body }) };
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
