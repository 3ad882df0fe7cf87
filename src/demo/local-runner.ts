/**
 * Runs the built action (dist/main/index.js, dist/post/index.js) on this machine the way the
 * GitHub runner does: INPUT_* from action.yml's defaults and the step's `with:`, a fresh
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_PATH / GITHUB_STEP_SUMMARY file per step,
 * RUNNER_TEMP, what earlier steps exported, and main's state handed to post as STATE_*.
 * Used by `stint demo` and by the action's scenario tests.
 *
 * @example
 * const job = createLocalJob();
 * const main = await runActionStep(job, 'main', { actionRoot, inputs: { 'broker-url': url, project: 'warehouse' },
 *   env: { ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken } });
 * const post = await runActionStep(job, 'post', { actionRoot });
 * job.remove();
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface LocalJob {
  dir: string;
  runnerTemp: string;
  workspace: string;
  home: string;
  /** GITHUB_ENV exports of earlier steps, passed on to later ones. */
  env: Record<string, string>;
  /** GITHUB_PATH additions of earlier steps, newest first. */
  path: string[];
  /** main's state, for post. */
  state: Record<string, string>;
  remove(): void;
}

/** A job: a temp dir holding RUNNER_TEMP, the workspace, HOME and the step files. */
export function createLocalJob(parent = tmpdir()): LocalJob {
  const dir = mkdtempSync(join(parent, 'stint-job-'));
  const job: LocalJob = {
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

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
}

export interface ActionStepResult {
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
  elapsedMs: number;
}

export interface ActionStepOptions {
  /** The action's root (holds action.yml and dist/). */
  actionRoot: string;
  /** The step's `with:`; action.yml defaults fill in the rest. */
  inputs?: Record<string, string>;
  /** Extra environment (e.g. ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN), over the runner's defaults. */
  env?: Record<string, string>;
  /** Arguments for node before the script (e.g. `--import` a recorder). */
  nodeArgs?: string[];
  /** Killed after this long (default 60 s). */
  timeoutMs?: number;
  /** Kills the step when aborted (e.g. the caller got SIGINT). */
  signal?: AbortSignal;
}

/** The runner's variables for a push to main of acme/warehouse (the demo issuer's default claims). */
export function runnerDefaults(job: LocalJob): Record<string, string> {
  return {
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
    HOME: job.home,
  };
}

/**
 * The environment a step of `job` starts with: PATH with earlier steps' GITHUB_PATH additions in
 * front, the runner's variables, then `stepFiles` (the step's own file commands), then what
 * earlier steps wrote to GITHUB_ENV. Nothing else from this process's environment.
 */
export function stepEnv(job: LocalJob, stepFiles: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: [...job.path, process.env.PATH ?? ''].join(delimiter),
    ...runnerDefaults(job),
    ...stepFiles,
    ...job.env,
  };
}

let stepCounter = 0;

/** Runs main or post of the built action in `job`, and carries env, PATH and state on like the runner. */
export async function runActionStep(
  job: LocalJob,
  step: 'main' | 'post',
  options: ActionStepOptions,
): Promise<ActionStepResult> {
  const id = `${step}-${++stepCounter}`;
  const files = {
    GITHUB_OUTPUT: join(job.dir, `${id}.output`),
    GITHUB_ENV: join(job.dir, `${id}.env`),
    GITHUB_STATE: join(job.dir, `${id}.state`),
    GITHUB_PATH: join(job.dir, `${id}.path`),
    GITHUB_STEP_SUMMARY: join(job.dir, `${id}.summary`),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputs = { ...actionInputDefaults(options.actionRoot), ...options.inputs };
  const env: Record<string, string> = {
    ...stepEnv(job, files),
    // The runner upper-cases input names, spaces to '_', and keeps hyphens: INPUT_BROKER-URL.
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
    ),
    ...(step === 'post'
      ? Object.fromEntries(Object.entries(job.state).map(([name, value]) => [`STATE_${name}`, value]))
      : {}),
    ...options.env,
  };
  const script = join(options.actionRoot, 'dist', step, 'index.js');
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: job.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGKILL',
  });
  // An abort kills the child and reports it as an 'error' before 'close'; the exit code tells the rest.
  child.on('error', () => undefined);
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
  const commands = parseWorkflowCommands(stdout);
  const result: ActionStepResult = {
    code,
    stdout,
    stderr,
    commands,
    masks: commands.filter((c) => c.name === 'add-mask').map((c) => c.data),
    errors: commands.filter((c) => c.name === 'error').map((c) => c.data),
    warnings: commands.filter((c) => c.name === 'warning').map((c) => c.data),
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exported: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
    saved: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    addedPaths: readFileSync(files.GITHUB_PATH, 'utf8').split(/\r?\n/).filter(Boolean),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    elapsedMs: performance.now() - started,
  };
  Object.assign(job.env, result.exported);
  job.path.unshift(...[...result.addedPaths].reverse());
  if (step === 'main') Object.assign(job.state, result.saved);
  return result;
}

/** action.yml's inputs with their defaults ('' when none), as the runner passes them. */
export function actionInputDefaults(actionRoot: string): Record<string, string> {
  const action = parseYaml(readFileSync(join(actionRoot, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, spec]) => [
      name,
      spec.default === undefined ? '' : String(spec.default),
    ]),
  );
}

/** `::name k=v,k=v::data` lines of a step's stdout, unescaped as the runner does. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([\w-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeData(
        pair
          .slice(at + 1)
          .replace(/%3A/g, ':')
          .replace(/%2C/g, ','),
      );
    }
    commands.push({ name: match[1]!, properties, data: unescapeData(match[3]!) });
  }
  return commands;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** The runner's reading of GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE: `k<<DELIM` blocks or `k=v` lines; the last value wins. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, marker] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== marker; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${marker} block`);
      values[name!] = body.join('\n');
      continue;
    }
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`not a file command line: ${line}`);
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}
