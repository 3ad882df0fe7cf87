import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../lib/atomic-file.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { fileAccessError } from '../../lib/file-access.js';
import { type CaseResult, type PolicyCases, readPolicyCases, runPolicyCase } from '../../policy/cases.js';
import { compilePolicy, formatDiagnostic, validateConfig } from '../../policy/index.js';
import type { Diagnostic, Policy } from '../../policy/types.js';
import { type CliIo, type Command, writeLine } from '../io.js';

export const HELP = `Usage: stint policy test FILE… [--config FILE] [--junit FILE] [--json] [--verbose]

Runs files of policy cases, as \`opa test\` runs Rego tests: each case is a token's claims (written
out, a CI's documented example token with some claims changed, or a JWT, decoded and never
verified) and the decision it must get: allow with exactly these scopes, or deny with this code.
A case file names its config (config: stint.yml, relative to the case file) unless --config does.
  --config FILE   the broker config to test, for every FILE
  --junit FILE    also write the results as JUnit XML (for CI test reports)
  --json          one JSON object: {ok, passed, failed, results: [...]}
  --verbose       list passing cases too
A failing case prints what was expected, what the policy decided, and why. Exit 0 when every
case passes, 1 when one fails or a file is invalid, 2 on a usage error.
Case files: docs/policy.md#testing-a-policy; examples in examples/policy-tests/.`;

interface FileRun {
  file: string;
  config: string;
  results: CaseResult[];
  ms: number;
}

/** `stint policy test FILE…`. */
export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('stint policy test needs a FILE of cases (stint policy test --help)');
  const report = values.junit === undefined ? undefined : await junitTarget(values.junit, io);
  let runs: FileRun[];
  try {
    runs = await runAll(positionals, values.config, io);
  } catch (error) {
    // A CI job that collects the report should find one that says why nothing ran, not none.
    if (report !== undefined && isStintError(error)) await writeReport(report, values.junit!, junitErrorXml(error));
    throw error;
  }

  const all = runs.flatMap((r) => r.results);
  const failed = all.filter((r) => !r.ok);
  if (report !== undefined) await writeReport(report, values.junit!, junitXml(runs));
  if (values.json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        ok: failed.length === 0,
        passed: all.length - failed.length,
        failed: failed.length,
        results: all.map(({ position, ...r }) => ({ ...r, file: position.file, line: position.line })),
      }),
    );
    return failed.length === 0 ? 0 : 1;
  }
  for (const r of all) {
    if (r.ok && !values.verbose) continue;
    const where = `${r.position.file}:${r.position.line}:${r.position.column}`;
    writeLine(io.stdout, `${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${where}, project ${r.project})`);
    if (r.ok) continue;
    for (const line of r.diff) writeLine(io.stdout, `      ${line}`);
  }
  if (failed.length > 0) writeLine(io.stdout, '');
  writeLine(
    io.stdout,
    `${failed.length === 0 ? 'PASS' : 'FAIL'}: ${all.length - failed.length}/${all.length} cases passed${failed.length === 0 ? '' : `, ${failed.length} failed`}`,
  );
  return failed.length === 0 ? 0 : 1;
};

/** Reads every FILE, then runs each one's cases. */
async function runAll(paths: string[], configFlag: string | undefined, io: CliIo): Promise<FileRun[]> {
  const files = await readCaseFiles(paths, configFlag, io);
  const runs: FileRun[] = [];
  const policies = new Map<string, Policy>();
  for (const { file, cases } of files) runs.push(await runFile(file, cases, configFlag, policies, io));
  return runs;
}

/**
 * Where --junit writes, checked before any case runs: a directory (`--junit /tmp`) is a usage
 * error that names a file to give instead.
 */
async function junitTarget(junit: string, io: CliIo): Promise<string> {
  const report = resolve(io.cwd, junit);
  const found = await stat(report).catch(() => undefined);
  if (found?.isDirectory() === true)
    throw new UsageError(
      `--junit ${junit} is a directory; give the file to write the report to, e.g. --junit ${join(junit, 'policy-tests.xml')}`,
    );
  return report;
}

async function writeReport(report: string, junit: string, xmlText: string): Promise<void> {
  try {
    await mkdir(dirname(report), { recursive: true });
    await writeFileAtomic(report, xmlText, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'ENOTDIR' && code !== 'EEXIST') throw fileAccessError(error) ?? error;
    throw new UsageError(
      `cannot write the --junit report to ${junit} (${code}): give a path to a file, in a directory`,
    );
  }
}

/**
 * Reads every FILE before any case runs. A FILE that is the config the cases are tested against
 * (theirs or --config) is left out, so the glob over a policy repository that keeps its config
 * beside its cases (`stint policy test policy-tests/*.yml`) runs the cases; any other FILE that
 * is not a list of cases stops the run.
 */
async function readCaseFiles(paths: string[], configFlag: string | undefined, io: CliIo) {
  const read = [];
  for (const file of paths) read.push({ file, ...readPolicyCases(await readText(file, io, 'cases file'), file) });
  const configs = new Set<string>();
  for (const { file, cases } of read) {
    const config = configOf(file, cases, configFlag, io);
    if (config !== undefined) configs.add(config);
  }
  const files: { file: string; cases: PolicyCases }[] = [];
  for (const { file, cases, diagnostics } of read) {
    if (cases !== undefined) {
      files.push({ file, cases });
      continue;
    }
    if (configs.has(resolve(io.cwd, file))) continue;
    for (const d of diagnostics) writeLine(io.stderr, formatDiagnostic(d));
    throw withDiagnostics(new StintError('ERR_POLICY_CASES', `${file} has errors; nothing was run`), diagnostics);
  }
  if (files.length === 0)
    throw new UsageError('stint policy test was given only the config, no FILE of cases (stint policy test --help)');
  return files;
}

/** The config a case file is tested against: --config, else its own `config:`, relative to it. */
function configOf(file: string, cases: PolicyCases | undefined, configFlag: string | undefined, io: CliIo) {
  if (configFlag !== undefined) return resolve(io.cwd, configFlag);
  if (cases?.config !== undefined) return resolve(dirname(resolve(io.cwd, file)), cases.config);
  return undefined;
}

async function runFile(
  file: string,
  cases: PolicyCases,
  configFlag: string | undefined,
  policies: Map<string, Policy>,
  io: CliIo,
) {
  const started = performance.now();
  // The config is relative to the case file, so a policy repository runs its tests from anywhere.
  const configPath = configOf(file, cases, configFlag, io);
  if (configPath === undefined) throw new UsageError(`${file} names no config (config: stint.yml); pass --config FILE`);
  const near = relative(io.cwd, configPath);
  const shown = near === '' || near.startsWith('..') ? configPath : near;
  let policy = policies.get(configPath);
  if (policy === undefined) {
    const { config, diagnostics: problems } = validateConfig(await readText(configPath, io, 'config file'), shown);
    if (config === undefined) {
      for (const d of problems) writeLine(io.stderr, formatDiagnostic(d));
      throw withDiagnostics(
        new StintError('ERR_CONFIG_INVALID', `${shown} has errors; run stint policy check ${shown}`),
        problems,
      );
    }
    policy = compilePolicy(config);
    policies.set(configPath, policy);
  }
  const results = cases.cases.map((c) => runPolicyCase(policy, c));
  return { file, config: shown, results, ms: performance.now() - started };
}

async function readText(file: string, io: CliIo, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw (
      fileAccessError(error) ??
      new StintError(
        what === 'config file' ? 'ERR_CONFIG_NOT_FOUND' : 'ERR_POLICY_CASES',
        `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        { cause: error },
      )
    );
  }
}

/**
 * JUnit XML as CI test reporters read it (GitLab `artifacts:reports:junit`, Jenkins `junit`,
 * GitHub test-reporter actions, CircleCI `store_test_results`): one testsuite per case file, one
 * testcase per case, a `failure` with the diff for a failing one.
 */
export function junitXml(runs: FileRun[]): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = runs.reduce((n, r) => n + r.results.length, 0);
  const failures = runs.reduce((n, r) => n + r.results.filter((c) => !c.ok).length, 0);
  const time = runs.reduce((n, r) => n + r.ms, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stint policy test" tests="${total}" failures="${failures}" errors="0" time="${seconds(time)}">`,
  ];
  for (const run of runs) {
    const failed = run.results.filter((c) => !c.ok).length;
    lines.push(
      `  <testsuite name="${xml(run.file)}" tests="${run.results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(run.ms)}">`,
      `    <properties><property name="config" value="${xml(run.config)}"/></properties>`,
    );
    for (const c of run.results) {
      const open = `    <testcase name="${xml(c.name)}" classname="${xml(`${run.file}.${c.project}`)}" file="${xml(c.position.file)}" line="${c.position.line}" time="${seconds(c.ms)}"`;
      if (c.ok) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(
        `${open}>`,
        `      <failure message="${xml(`expected ${c.expected}, got ${c.got}`)}" type="PolicyDecisionMismatch">${xml(c.diff.join('\n'))}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/**
 * The report of a run that stopped before its cases ran (a case file or the config has errors):
 * one testcase in error, its message the error's, its text every problem at its line, so the CI's
 * test report says why instead of showing no tests.
 */
export function junitErrorXml(error: StintError): string {
  const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  const detail = [error.message, ...diagnostics.map(formatDiagnostic)].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="stint policy test" tests="1" failures="0" errors="1" time="0.000">',
    '  <testsuite name="stint policy test" tests="1" failures="0" errors="1" skipped="0" time="0.000">',
    `    <testcase name="read the case files and their config" classname="stint policy test" time="0.000">`,
    `      <error message="${xml(error.message)}" type="${error.code}">${xml(detail)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** `error` carrying the problems it was printed with, for --json and --junit. */
function withDiagnostics(error: StintError, diagnostics: Diagnostic[]): StintError {
  return Object.assign(error, { diagnostics });
}

/** Text for an XML attribute or element; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}
