/**
 * Runs the BUILT action (dist/main/index.js, dist/post/index.js) the way the GitHub runner does:
 * INPUT_* from action.yml defaults and the step's `with:`, a fresh GITHUB_OUTPUT / GITHUB_ENV /
 * GITHUB_STATE / GITHUB_PATH / GITHUB_STEP_SUMMARY file per step, RUNNER_TEMP, and the post step
 * given main's state as STATE_*. Each step runs with a recording preload (journal-preload.mjs) so
 * the order of `::add-mask::` against every line and file write can be checked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(ROOT, 'dist/main/index.js');
export const POST = join(ROOT, 'dist/post/index.js');
export const CLI = join(ROOT, 'dist/cli/index.js');
const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'journal-preload.mjs');

/** Fails with what to run when the bundles the scenarios need are missing. */
export function requireBuilt(): void {
  for (const file of [MAIN, POST, CLI]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (the scenario tests run the built action)`);
  }
}

/** action.yml's inputs and their defaults. */
export function actionInputs(): Record<string, string> {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? '']));
}

export interface Job {
  dir: string;
  runnerTemp: string;
  workspace: string;
  home: string;
  /** GITHUB_ENV exports of earlier steps, as the runner passes them on. */
  env: Record<string, string>;
  /** GITHUB_PATH additions of earlier steps. */
  path: string[];
  /** main's state, for post. */
  state: Record<string, string>;
  remove(): void;
}

export function createJob(): Job {
  const dir = mkdtempSync(join(tmpdir(), 'stint-job-'));
  const job: Job = {
    dir,
    runnerTemp: join(dir, 'runner-temp'),
    workspace: join(dir, 'workspace'),
    home: join(dir, 'home'),
    env: {},
    path: [],
    state: {},
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const d of [job.runnerTemp, job.workspace, job.home]) mkdirSync(d, { recursive: true });
  return job;
}

export interface JournalEntry {
  kind: 'stdout' | 'stderr' | 'file';
  text: string;
  path?: string;
}

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** Values of `::add-mask::`, in order. */
  masks: string[];
  errors: string[];
  warnings: string[];
  outputs: Record<string, string>;
  exported: Record<string, string>;
  saved: Record<string, string>;
  addedPaths: string[];
  summary: string;
  journal: JournalEntry[];
  elapsedMs: number;
}

let stepCounter = 0;

/** Runs main or post of the built action in `job`; updates job.env/path/state like the runner. */
export async function runStep(
  job: Job,
  step: 'main' | 'post',
  options: { inputs?: Record<string, string>; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<StepResult> {
  const id = `${step}-${++stepCounter}`;
  const files = {
    GITHUB_OUTPUT: join(job.dir, `${id}.output`),
    GITHUB_ENV: join(job.dir, `${id}.env`),
    GITHUB_STATE: join(job.dir, `${id}.state`),
    GITHUB_PATH: join(job.dir, `${id}.path`),
    GITHUB_STEP_SUMMARY: join(job.dir, `${id}.summary`),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const journal = join(job.dir, `${id}.journal`);
  const inputs = { ...actionInputs(), ...options.inputs };
  const env: Record<string, string> = {
    PATH: [...job.path, process.env.PATH ?? ''].join(':'),
    HOME: job.home,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'acme/warehouse',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKFLOW_REF: 'acme/warehouse/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: job.workspace,
    RUNNER_TEMP: job.runnerTemp,
    ...files,
    ...job.env,
    // The runner upper-cases input names and keeps hyphens: INPUT_BROKER-URL.
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
    ...(step === 'post' ? Object.fromEntries(Object.entries(job.state).map(([name, value]) => [`STATE_${name}`, value])) : {}),
    ...options.env,
    STINT_TEST_JOURNAL: journal,
  };
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PRELOAD, step === 'main' ? MAIN : POST], { cwd: job.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      done(exitCode);
    });
  });
  const elapsedMs = performance.now() - started;
  const commands = parseCommands(stdout);
  const result: StepResult = {
    code,
    stdout,
    stderr,
    commands,
    masks: commands.filter((c) => c.name === 'add-mask').map((c) => c.data),
    errors: commands.filter((c) => c.name === 'error').map((c) => c.data),
    warnings: commands.filter((c) => c.name === 'warning').map((c) => c.data),
    outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exported: parseKeyValueFile(readFileSync(files.GITHUB_ENV, 'utf8')),
    saved: parseKeyValueFile(readFileSync(files.GITHUB_STATE, 'utf8')),
    addedPaths: readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    journal: existsSync(journal)
      ? readFileSync(journal, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as JournalEntry)
      : [],
    elapsedMs,
  };
  // What the runner carries to later steps (and to post).
  Object.assign(job.env, result.exported);
  job.path.unshift(...result.addedPaths.reverse());
  if (step === 'main') Object.assign(job.state, result.saved);
  return result;
}

/** `::name k=v,k=v::data` lines, unescaped as the runner does. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([\w-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    commands.push({ name: match[1]!, properties, data: unescapeData(match[3]!) });
  }
  return commands;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(value: string): string {
  return unescapeData(value.replace(/%3A/g, ':').replace(/%2C/g, ','));
}

/** The runner's reading of GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE: `k<<DELIM` blocks or `k=v` lines; the last value wins. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} block`);
      values[name!] = body.join('\n');
      continue;
    }
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`not a file command line: ${line}`);
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
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
export function maskViolations(result: StepResult, secrets: Record<string, string>): string[] {
  const violations: string[] = [];
  const masked = new Set<string>();
  const forms = Object.entries(secrets).flatMap(([label, secret]) => formsToMask(secret).map((form, i) => ({ label: `${label} form ${i}`, form })));
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
 */
export async function startProxy(target: string, options: { onAnswer?: (path: string, body: string) => void } = {}) {
  let failures: { count: number; status: number; pathPrefix: string } = { count: 0, status: 503, pathPrefix: '/' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        if (failures.count > 0 && path.startsWith(failures.pathPrefix)) {
          failures.count--;
          res.writeHead(failures.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'injected by the test proxy', request_id: 'proxy' }));
          return;
        }
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type', 'accept']) if (req.headers[name]) headers[name] = String(req.headers[name]);
        const body = Buffer.concat(chunks);
        const answer = await fetch(`${target}${path}`, { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) });
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
    failNext(count: number, status: number, pathPrefix = '/') {
      failures = { count, status, pathPrefix };
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
