import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as actionsCore from '@actions/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ActionCore, createRunnerCore } from '../../src/action/runner.js';
import { isStintError } from '../../src/lib/errors.js';
import { maskViolations, parseCommands, parseKeyValueFile, type StepResult } from './harness.js';

/**
 * The action does not bundle @actions/core (it would add ~490 KB); src/action/runner.ts speaks
 * the same protocol. Here both do the same things and must write the same bytes (the heredoc
 * delimiters are random, so they are normalised).
 */
const FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'] as const;
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

type Ops = Pick<
  ActionCore,
  'setSecret' | 'setOutput' | 'exportVariable' | 'saveState' | 'addPath' | 'warning' | 'error' | 'info' | 'debug'
>;

function script(core: Ops): void {
  core.setSecret('s3cr%et\nline two');
  core.setOutput('token', 'multi\nline value with % and :');
  core.setOutput('empty', '');
  core.exportVariable('STINT_TOKEN', 'abc=def');
  core.saveState('files', '["/a","/b"]');
  core.addPath('/opt/stint bin');
  core.warning('could not: revoke, it expires\nby itself 100%');
  core.error('one error');
  core.info('plain line');
  core.debug('debug %0A');
}

function runWith(
  make: () => Ops,
  summary?: (core: Ops) => void,
): { stdout: string; files: Record<string, string>; env: Record<string, string | undefined> } {
  const dir = mkdtempSync(join(tmpdir(), 'stint-runner-'));
  try {
    for (const name of FILES) {
      process.env[name] = join(dir, name);
      writeFileSync(join(dir, name), '');
    }
    process.env.PATH = '/usr/bin';
    let stdout = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      const core = make();
      script(core);
      summary?.(core);
    } finally {
      process.stdout.write = write;
    }
    const files = Object.fromEntries(
      FILES.map((name) => [
        name,
        readFileSync(join(dir, name), 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM'),
      ]),
    );
    return { stdout, files, env: { STINT_TOKEN: process.env.STINT_TOKEN, PATH: process.env.PATH } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ours = (): ActionCore =>
  createRunnerCore({ env: process.env, write: (text) => process.stdout.write(text), setExitCode: () => undefined });

describe('runner protocol', () => {
  it('writes exactly what @actions/core writes: commands, escaping, file commands, env and PATH', () => {
    const reference = runWith(() => actionsCore);
    const mine = runWith(ours);
    expect(mine).toEqual(reference);
    expect(parseKeyValueFile(mine.files.GITHUB_OUTPUT!)).toEqual({
      token: 'multi\nline value with % and :',
      empty: '',
    });
  });

  it('keeps an info message on one line, so text from a broker cannot start a workflow command', () => {
    let stdout = '';
    const core = createRunnerCore({ env: {}, write: (text) => (stdout += text), setExitCode: () => undefined });
    core.info('stint: broker said x\n::set-output name=token::evil\r\n::stop-commands::t\rend; retrying');
    expect(stdout.split('\n').filter((line) => line !== '')).toEqual([
      'stint: broker said x ::set-output name=token::evil ::stop-commands::t end; retrying',
    ]);
    expect(parseCommands(stdout)).toEqual([]);
  });

  it('appends the job summary as written', () => {
    const mine = runWith(ours, (core) => (core as ActionCore).appendSummary('### stint\n\n| a | b |\n'));
    expect(mine.files.GITHUB_STEP_SUMMARY).toBe('### stint\n\n| a | b |\n');
  });

  it('reads inputs as core does (INPUT_ upper-cased, hyphens kept, trimmed) and strict booleans', () => {
    process.env['INPUT_BROKER-URL'] = '  https://stint.example.com \n';
    process.env['INPUT_EXPORT-ENV'] = 'False';
    process.env.INPUT_SUMMARY = 'yes';
    const core = ours();
    expect(core.getInput('broker-url')).toBe(actionsCore.getInput('broker-url'));
    expect(core.getBooleanInput('export-env')).toBe(false);
    expect(() => core.getBooleanInput('summary')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID' }));
    try {
      core.getBooleanInput('summary');
    } catch (error) {
      expect(isStintError(error, 'ERR_INPUT_INVALID')).toBe(true);
    }
    process.env.STATE_token = 'x';
    expect(core.getState('token')).toBe(actionsCore.getState('token'));
  });
});

describe('the mask-order check itself', () => {
  const step = (journal: StepResult['journal']): StepResult =>
    ({
      journal,
      commands: [],
      masks: [],
      errors: [],
      warnings: [],
      outputs: {},
      exported: {},
      saved: {},
      addedPaths: [],
      summary: '',
      stdout: '',
      stderr: '',
      code: 0,
      elapsedMs: 0,
    }) as StepResult;
  const secret = 'a-secret-value-0123456789';
  const allMasks = [
    'a-secret-value-0123456789',
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
  ].map((form) => ({ kind: 'stdout' as const, text: `::add-mask::${form}\n` }));

  it('passes when every form is masked before it is written', () => {
    expect(
      maskViolations(step([...allMasks, { kind: 'file', path: '/env', text: `X=${secret}` }]), { s: secret }),
    ).toEqual([]);
  });

  it('flags a file written before the mask, a line printed before it, and a form never masked', () => {
    expect(
      maskViolations(step([{ kind: 'file', path: '/env', text: `X=${secret}` }, ...allMasks]), { s: secret }),
    ).toEqual(['s form 0 appears unmasked in file /env']);
    // (base64url of this value is base64 without its padding, so it is caught too)
    expect(
      maskViolations(
        step([{ kind: 'stdout', text: `token ${Buffer.from(secret).toString('base64')}\n` }, ...allMasks]),
        { s: secret },
      ),
    ).toEqual(['s form 1 appears unmasked in stdout', 's form 2 appears unmasked in stdout']);
    expect(maskViolations(step(allMasks.filter((m) => m.text !== `::add-mask::${secret}\n`)), { s: secret })).toEqual([
      's form 0 is never ::add-mask::ed',
    ]);
  });

  it('reads escaped add-mask data as the runner does', () => {
    expect(parseCommands('::add-mask::line one%0Aline two%25\n')).toEqual([
      { name: 'add-mask', properties: {}, data: 'line one\nline two%' },
    ]);
  });
});
