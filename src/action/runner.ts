/**
 * The GitHub Actions runner protocol: inputs, workflow commands on stdout, and the file commands
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH, GITHUB_STEP_SUMMARY).
 *
 * Why not `@actions/core`: importing any part of it bundles its OIDC client, which pulls
 * `@actions/http-client` and undici into `dist/main`, several times the size of the rest of the
 * bundle, and costs every run the time to load them. The protocol is documented text; this module writes exactly what core 3.x
 * writes (same escaping, same `name<<ghadelimiter_<uuid>` blocks, same EOLs), which
 * test/action/runner.test.ts checks against core itself.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { StintError } from '../lib/errors.js';

/** What @actions/core writes after each line (os.EOL), without loading node:os for it. */
const EOL = process.platform === 'win32' ? '\r\n' : '\n';

/** What the action needs from the runner; `createRunnerCore` is the real one. */
export interface ActionCore {
  /** `INPUT_<NAME>` (spaces → `_`, upper-cased, hyphens kept), trimmed; '' when unset. */
  getInput(name: string): string;
  /** `true | True | TRUE | false | False | FALSE`, else ERR_INPUT_INVALID. */
  getBooleanInput(name: string): boolean;
  /** Registers a value the runner replaces with `***` in every later log line. */
  setSecret(secret: string): void;
  /** `setSecret` for each, in order, in one write (a token has dozens of forms). */
  setSecrets?(secrets: readonly string[]): void;
  setOutput(name: string, value: string): void;
  /** For later steps (GITHUB_ENV) and for this process. */
  exportVariable(name: string, value: string): void;
  /** For the post step, which reads it as `STATE_<name>`. */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Prepends a directory to PATH for later steps and this process. */
  addPath(dir: string): void;
  appendSummary(markdown: string): void;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** One `::error` annotation and exit code 1. */
  setFailed(message: string): void;
}

export interface RunnerCoreOptions {
  env: NodeJS.ProcessEnv;
  /** Where workflow commands go (the runner reads the step's stdout). */
  write: (text: string) => void;
  /** Sets the process exit code. */
  setExitCode: (code: number) => void;
  uuid?: () => string;
}

/**
 * The runner protocol over `env` and `write`.
 *
 * @example
 * const core = createRunnerCore({ env: process.env, write: (t) => process.stdout.write(t),
 *   setExitCode: (c) => { process.exitCode = c; } });
 */
export function createRunnerCore(options: RunnerCoreOptions): ActionCore {
  const { env, write } = options;
  // node:crypto is loaded on first use (the first file command), not at start-up: a run that
  // fails on its inputs never needs it. Not globalThis.crypto: WebCrypto loads more on top.
  const uuid = options.uuid ?? (() => process.getBuiltinModule('node:crypto').randomUUID());
  const line = (name: string, message: string, properties: Record<string, string> = {}): string => {
    const props = Object.entries(properties)
      .filter(([, value]) => value)
      .map(([key, value]) => `${key}=${escapeProperty(value)}`)
      .join(',');
    return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`;
  };
  const command = (name: string, message: string, properties: Record<string, string> = {}): void =>
    write(line(name, message, properties));
  const fileCommand = (kind: 'OUTPUT' | 'ENV' | 'STATE' | 'PATH', message: string): void => {
    const file = env[`GITHUB_${kind}`];
    if (!file) throw new Error(`Unable to find environment variable for file command ${kind}`);
    if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
    appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
  };
  const keyValue = (key: string, value: string): string => {
    const marker = `ghadelimiter_${uuid()}`;
    if (key.includes(marker) || value.includes(marker))
      throw new Error(`Unexpected input: the value contains the delimiter "${marker}"`);
    return `${key}<<${marker}${EOL}${value}${EOL}${marker}`;
  };

  return {
    getInput(name) {
      return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
    },
    getBooleanInput(name) {
      const value = this.getInput(name);
      if (['true', 'True', 'TRUE'].includes(value)) return true;
      if (['false', 'False', 'FALSE'].includes(value)) return false;
      throw new StintError('ERR_INPUT_INVALID', `input ${name} must be true or false, not ${JSON.stringify(value)}`);
    },
    setSecret(secret) {
      command('add-mask', secret);
    },
    setSecrets(secrets) {
      if (secrets.length > 0) write(secrets.map((secret) => line('add-mask', secret)).join(''));
    },
    setOutput(name, value) {
      if (env.GITHUB_OUTPUT) return fileCommand('OUTPUT', keyValue(name, value));
      write(EOL);
      command('set-output', value, { name });
    },
    exportVariable(name, value) {
      env[name] = value;
      if (env.GITHUB_ENV) return fileCommand('ENV', keyValue(name, value));
      command('set-env', value, { name });
    },
    saveState(name, value) {
      if (env.GITHUB_STATE) return fileCommand('STATE', keyValue(name, value));
      command('save-state', value, { name });
    },
    getState(name) {
      return env[`STATE_${name}`] ?? '';
    },
    addPath(dir) {
      if (env.GITHUB_PATH) fileCommand('PATH', dir);
      else command('add-path', dir);
      env.PATH = `${dir}${delimiter}${env.PATH}`;
    },
    appendSummary(markdown) {
      const file = env.GITHUB_STEP_SUMMARY;
      if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: this runner has no job summaries');
      appendFileSync(file, markdown, { encoding: 'utf8' });
    },
    info(message) {
      // One line, always: text from a broker or a claim must not start a line of its own, where
      // the runner would read `::set-output …` or `::stop-commands::` as a command.
      write(`${message.replace(/\r\n|\r|\n/g, ' ')}${EOL}`);
    },
    debug(message) {
      command('debug', message);
    },
    warning(message) {
      command('warning', message);
    },
    error(message) {
      command('error', message);
    },
    setFailed(message) {
      options.setExitCode(1);
      command('error', message);
    },
  };
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
