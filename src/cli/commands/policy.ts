import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import {
  checkAlgorithm,
  checkAudience,
  checkHeader,
  checkTimesAndSubject,
  checkTokenSize,
  decodeStructure,
} from '../../broker/id-token.js';
import { type ErrorCode, StintError, UsageError } from '../../lib/errors.js';
import { compilePolicy, formatDiagnostic, readConfigText, validateConfig } from '../../policy/index.js';
import type { BrokerConfig, Decision, Explanation, FieldComparison, ProviderConfig } from '../../policy/types.js';
import type { Claims } from '../../providers/types.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const HELP = `Usage: stint policy check FILE [--json]
       stint policy explain --config FILE --project P (--token JWT | --token-env VAR | --claims FILE) [--provider NAME] [--json]
       stint policy test FILE… [--config FILE] [--junit FILE] [--json] [--verbose]

check    Validates a broker config and its policy. Prints every error and warning as
         FILE:LINE:COLUMN: error|warning: message, then a summary (--json: one JSON object
         with ok, the counts and every diagnostic). Exit 1 on any error. It reads the file
         alone, so it answers the same anywhere (a CI job without the broker's secrets) and
         every error in the file stops stint serve too; what serve checks on its own machine
         at start is left to it: the variables that store.password_env,
         store.sentinel_password_env and keys.pkcs11.pin_env name, the files and directories
         it uses (keys, audit log, state, TLS) and what it connects to (Redis, the HSM).
explain  Shows, for each trust rule of the project, every field compared (wanted vs got) and the
         decision. --token is decoded, never verified and never printed; its header (alg,
         embedded keys, crit), iss, aud and times are checked as the broker checks them (its
         signature is not), and the decision is DENIED when one fails. --token-env VAR reads it
         from that variable instead, keeping a live token off the command line (which other
         local users can read). --claims reads a JSON object of claims and checks the policy
         only. The provider is the one whose issuer equals the token's iss unless --provider
         names it. Exit 0 when the token would be allowed, 1 when denied.
test     Runs files of policy cases (claims or a CI's example token → allow with scopes, or deny
         with a code), like \`opa test\`; --junit FILE writes JUnit XML. Exit 1 when a case
         fails. \`stint policy test --help\` says more.`;

/** `stint policy check|explain`. */
export const run: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    writeLine(sub === undefined ? io.stderr : io.stdout, HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'check') return check(rest, io);
  if (sub === 'explain') return explain(rest, io);
  if (sub === 'test') return (await import('./policy-test.js')).run(rest, io);
  throw new UsageError(`unknown policy command '${sub}'; use check, explain or test (stint policy --help)`);
};

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('stint policy check takes one FILE');
  const file = positionals[0]!;
  const { config, diagnostics } = validateConfig(await readConfigText(resolve(io.cwd, file), file), file);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (values.json) {
    if (config !== undefined) compilePolicy(config);
    writeLine(io.stdout, JSON.stringify({ file, ok: config !== undefined, errors, warnings, diagnostics }, null, 2));
    return config === undefined ? 1 : 0;
  }
  for (const d of diagnostics) writeLine(io.stdout, formatDiagnostic(d));
  if (config === undefined) {
    writeLine(io.stdout, `${file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    return 1;
  }
  compilePolicy(config);
  const rules = Object.values(config.projects).reduce((n, p) => n + p.trust.length, 0);
  writeLine(
    io.stdout,
    `${file}: OK (${plural(Object.keys(config.providers).length, 'provider')}, ${plural(Object.keys(config.projects).length, 'project')}, ${plural(rules, 'rule')}, ${plural(warnings, 'warning')})`,
  );
  return 0;
}

async function explain(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      config: { type: 'string' },
      project: { type: 'string' },
      token: { type: 'string' },
      'token-env': { type: 'string' },
      claims: { type: 'string' },
      provider: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  if (values.config === undefined) throw new UsageError('stint policy explain needs --config FILE');
  if (values.project === undefined) throw new UsageError('stint policy explain needs --project P');
  const given = [values.token, values['token-env'], values.claims].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('give one of --token JWT, --token-env VAR or --claims FILE');
  const token = values['token-env'] !== undefined ? tokenFromEnv(values['token-env'], io) : values.token;

  const { config, diagnostics } = validateConfig(
    await readConfigText(resolve(io.cwd, values.config), values.config),
    values.config,
  );
  if (config === undefined) {
    for (const d of diagnostics) writeLine(io.stderr, formatDiagnostic(d));
    throw Object.assign(
      new StintError('ERR_CONFIG_INVALID', `${values.config} has errors; run stint policy check ${values.config}`),
      { diagnostics }, // for --json
    );
  }
  const claims = token !== undefined ? decodeToken(token) : await readClaims(values.claims!, io);
  const policy = compilePolicy(config);
  const provider = chooseProvider(config, policy.providerForIssuer.bind(policy), claims, values.provider);
  if (!Object.hasOwn(config.projects, values.project)) {
    throw new StintError(
      'ERR_PROJECT_UNKNOWN',
      `project '${values.project}' is not in ${values.config} (projects: ${Object.keys(config.projects).join(', ')})`,
    );
  }
  const explanation = policy.explain(values.project, provider.name, claims);
  const checks = token !== undefined ? tokenChecks(token, claims, provider, Date.now()) : undefined;
  const refused = checks?.find((check) => !check.ok);
  const allowed = explanation.decision.ok && refused === undefined;
  if (values.json) {
    const tokenPart = checks === undefined ? {} : { token_checks: checks };
    writeLine(io.stdout, JSON.stringify({ provider: provider.name, allowed, ...tokenPart, ...explanation }, null, 2));
  } else {
    for (const line of renderExplanation(explanation, provider, checks)) writeLine(io.stdout, line);
  }
  return allowed ? 0 : 1;
}

/** One check the broker makes on a token before its policy, and what failed. */
export interface TokenCheck {
  check: 'header' | 'iss' | 'aud' | 'times';
  ok: boolean;
  code?: ErrorCode;
  message?: string;
}

/**
 * The checks the broker makes on a token before its policy (docs/broker.md#what-an-exchange-checks),
 * with the broker's own functions, so explain cannot allow what an exchange would refuse. The
 * signature is not among them: explain has no issuer keys and makes no network call.
 */
function tokenChecks(token: string, claims: Claims, provider: ProviderConfig, nowMs: number): TokenCheck[] {
  const run = (check: TokenCheck['check'], fn: () => void): TokenCheck => {
    try {
      fn();
      return { check, ok: true };
    } catch (error) {
      if (!(error instanceof StintError)) throw error;
      return { check, ok: false, code: error.code, message: error.message };
    }
  };
  return [
    run('header', () => {
      checkTokenSize(token);
      const { header } = decodeStructure(token);
      checkHeader(header);
      checkAlgorithm(header, provider);
    }),
    run('iss', () => {
      if (claims.iss !== provider.issuer)
        throw new StintError(
          'ERR_ISSUER_UNTRUSTED',
          `token issuer ${JSON.stringify(claims.iss ?? null)} is not ${provider.issuer}, the issuer of provider ${provider.name}`,
        );
    }),
    run('aud', () => checkAudience(claims, provider)),
    run('times', () => checkTimesAndSubject(claims, nowMs)),
  ];
}

/** The token in the variable `--token-env` names. */
function tokenFromEnv(variable: string, io: CliIo): string {
  const value = io.env[variable]?.trim();
  if (value === undefined || value === '')
    throw new UsageError(`--token-env ${variable}: that variable is not set or empty`);
  return value;
}

/** The token's claims, decoded without verifying: explain is about the policy, not the signature. */
function decodeToken(token: string): Claims {
  try {
    return decodeJwt(token) as Claims;
  } catch {
    // Never echo the value: it may be a live token pasted by mistake in the wrong place.
    throw new StintError('ERR_TOKEN_MALFORMED', '--token is not a JWT (three base64url parts with a JSON payload)');
  }
}

async function readClaims(file: string, io: CliIo): Promise<Claims> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new StintError(
      'ERR_CLAIMS_INVALID',
      `cannot read claims file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    // A byte order mark (Windows editors write one) is not JSON, but it is no reason to refuse
    // the file: configs and case files with one are read too.
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new StintError('ERR_CLAIMS_INVALID', `${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new StintError('ERR_CLAIMS_INVALID', `${file} must hold a JSON object of claims`);
  return parsed as Claims;
}

function chooseProvider(
  config: BrokerConfig,
  byIssuer: (iss: string) => ProviderConfig | undefined,
  claims: Claims,
  name: string | undefined,
): ProviderConfig {
  const configured = Object.keys(config.providers).join(', ');
  if (name !== undefined) {
    const provider = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
    if (provider === undefined)
      throw new StintError('ERR_PROVIDER_UNKNOWN', `provider '${name}' is not configured (configured: ${configured})`);
    return provider;
  }
  if (typeof claims.iss === 'string') {
    const provider = byIssuer(claims.iss);
    if (provider === undefined)
      throw new StintError(
        'ERR_PROVIDER_UNKNOWN',
        `no configured provider has issuer '${claims.iss}'; pass --provider NAME (configured: ${configured})`,
      );
    return provider;
  }
  const only = Object.values(config.providers);
  if (only.length === 1) return only[0]!;
  throw new StintError(
    'ERR_PROVIDER_UNKNOWN',
    `the claims have no iss; pass --provider NAME (configured: ${configured})`,
  );
}

/** Human form: one block per rule, one line per field, then the decision. */
export function renderExplanation(explanation: Explanation, provider: ProviderConfig, checks?: TokenCheck[]): string[] {
  const lines = [
    `project ${explanation.project}, provider ${provider.name} (${provider.kind}, issuer ${provider.issuer})`,
  ];
  const subject = explanation.decision.identity?.subject;
  if (subject !== undefined) lines.push(`subject ${subject}`);
  if (checks !== undefined) {
    lines.push('', 'token, as the broker checks it before the policy (its signature is not checked here):');
    for (const c of checks)
      lines.push(`  ${c.ok ? '✓' : '✗'} ${c.check.padEnd(6)}  ${c.ok ? 'ok' : `${c.message} (${c.code})`}`);
  }
  for (const rule of explanation.rules) {
    const { file, line, column } = rule.position;
    lines.push('', `trust[${rule.index}] at ${file}:${line}:${column}: ${rule.matched ? 'MATCH' : 'no match'}`);
    const width = Math.max(...rule.comparisons.map((c) => c.field.length));
    for (const c of rule.comparisons)
      lines.push(
        `  ${c.matched ? '✓' : '✗'} ${c.field.padEnd(width)}  wanted ${shown(c.wanted)}  got ${c.got === undefined ? '(missing)' : c.got}`,
      );
    if (rule.note) lines.push(`  note: ${rule.note}`);
  }
  const refused = checks?.find((check) => !check.ok);
  if (refused !== undefined) {
    // The rules' verdict stays above; the broker never gets that far.
    lines.push('', `decision: DENIED (${refused.code}): the broker refuses this token before its policy`);
    lines.push(`  reason: ${refused.message}`);
    if (explanation.decision.ok) lines.push('  the policy alone would allow it');
    return lines;
  }
  lines.push('', ...renderDecision(explanation.decision));
  return lines;
}

function renderDecision(decision: Decision): string[] {
  if (decision.ok) {
    const flags = decision.flags.length > 0 ? `; flags: ${decision.flags.join(', ')}` : '';
    return [
      `decision: ALLOWED, scopes: ${decision.scopes.join(' ') || '(none)'} (rules ${decision.rules.map((r) => `trust[${r}]`).join(', ')})${flags}`,
    ];
  }
  return [
    `decision: DENIED (${decision.code})`,
    `  hint: ${decision.hint}${decision.disclose ? '' : " (not shown to the caller, whose owner is not in this project's policy: it gets a generic denial)"}`,
    `  reason: ${decision.reason}`,
  ];
}

function shown(wanted: FieldComparison['wanted']): string {
  return Array.isArray(wanted) ? `any of [${wanted.join(', ')}]` : wanted;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
