import { decodeJwt } from 'jose';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { ciDescriptor, isProviderKind, PROVIDER_KINDS } from '../providers/index.js';
import type { Claims } from '../providers/types.js';
import { requestScopes } from './scopes.js';
import type {
  BrokerConfig,
  Decision,
  Diagnostic,
  Grant,
  Policy,
  ProviderConfig,
  SourcePosition,
  TrustRule,
} from './types.js';
import { duplicateKeys, type YamlNode, YamlReader } from './yaml-reader.js';

/**
 * Policy cases, kept beside a policy as `opa test` keeps Rego tests: each case is a token's
 * claims (written out, or a CI's documented example token with some claims changed) and the
 * decision it must get. `stint policy test` runs them (docs/policy.md#testing-a-policy).
 *
 * ```yaml
 * config: stint.yml                # relative to this file; `--config` overrides it
 * cases:
 *   - name: a push to main may read and write
 *     project: warehouse
 *     example: github              # GitHub's example token (src/providers/github.ts), iss/aud of the configured provider
 *     claims: { sub: "repo:acme/warehouse:ref:refs/heads/main" }   # set or replace claims; null removes one
 *     expect: { allow: [read, write] }
 *   - name: a feature branch gets nothing
 *     project: warehouse
 *     example: github
 *     claims: { sub: "repo:acme/warehouse:ref:refs/heads/feature", ref: refs/heads/feature }
 *     expect: { deny: ERR_POLICY_DENIED, hint: "ref refs/heads/feature is not allowed" }
 * ```
 */
export interface PolicyCases {
  file: string;
  /** The config named by the file, as written (relative to the file). */
  config?: string;
  cases: PolicyCase[];
}

export interface PolicyCase {
  name: string;
  position: SourcePosition;
  project: string;
  /** A configured provider's name; else the one whose issuer is the claims' `iss`, or the example's CI. */
  provider?: string;
  /** Start from this CI's documented example claims. */
  example?: string;
  /** A JWT whose payload is the starting claims (decoded, never verified). */
  token?: string;
  /** Claims set over the starting ones; `null` removes a claim. */
  claims: Record<string, unknown>;
  /** Scopes the job asks for (space-separated); default everything granted. */
  scope?: string;
  expect: Expectation;
}

/** Allowed (with exactly these scopes and flags, when given), or denied with this code (and a hint containing this text). */
export type Expectation =
  | { allow: true; scopes?: string[]; flags?: string[] }
  | { allow: false; code: string; hint?: string };

export interface CaseResult {
  name: string;
  position: SourcePosition;
  project: string;
  /** The provider the claims were checked as. */
  provider?: string;
  ok: boolean;
  expected: string;
  got: string;
  /** For a failure: what differs, one line each, and the decision's reason. */
  diff: string[];
  /** Milliseconds spent deciding. */
  ms: number;
}

const CASE_KEYS = ['name', 'project', 'provider', 'example', 'token', 'claims', 'scope', 'expect'] as const;
const EXPECT_KEYS = ['allow', 'scopes', 'flags', 'deny', 'hint'] as const;

/**
 * Reads a cases file. Every problem is a diagnostic at its line and column (ERR_POLICY_CASES);
 * `cases` is there only when there is none.
 *
 * @example const { cases, diagnostics } = readPolicyCases(readFileSync(f, 'utf8'), f);
 */
export function readPolicyCases(text: string, file: string): { cases?: PolicyCases; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const reader = new YamlReader(file, doc, lines);
  const problem = (node: YamlNode, message: string) => reader.error(node, 'ERR_POLICY_CASES', message);
  const problems = [...doc.errors, ...duplicateKeys(doc, lines)].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of problems) {
    const { line, col } = lines.linePos(error.pos[0]);
    reader.diagnostics.push({
      severity: 'error',
      code: 'ERR_POLICY_CASES',
      message:
        'code' in error && error.code === 'MULTIPLE_DOCS'
          ? 'a cases file is one YAML document, and a second one starts here (`---`): remove it, or move its cases into the first'
          : `YAML: ${error.message.split('\n')[0]}`,
      position: { file, line, column: col },
    });
  }
  if (problems.length > 0) return { diagnostics: reader.diagnostics };
  const top = reader.map(doc.contents as YamlNode, 'the cases file', ['config', 'cases']);
  const out: PolicyCases = { file, cases: [] };
  if (top === undefined) return { diagnostics: reader.diagnostics };
  const configEntry = top.get('config');
  if (configEntry !== undefined) {
    const config = reader.string(configEntry.value, 'config');
    if (config !== undefined) out.config = config;
  }
  const casesEntry = top.get('cases');
  if (casesEntry === undefined) problem(doc.contents as YamlNode, 'the cases file needs a `cases:` list');
  const items = casesEntry === undefined ? [] : (reader.list(casesEntry.value, 'cases') ?? []);
  if (casesEntry !== undefined && items.length === 0) problem(casesEntry.value, '`cases:` is empty');
  for (const [index, item] of items.entries()) {
    const where = `cases[${index}]`;
    const entries = reader.map(item, where, CASE_KEYS);
    if (entries === undefined) continue;
    const str = (key: string) => {
      const entry = entries.get(key);
      return entry === undefined ? undefined : reader.string(entry.value, `${where}.${key}`);
    };
    const name = str('name') ?? where;
    const project = str('project');
    if (project === undefined && !entries.has('project')) problem(item, `${where} needs a project`);
    const example = str('example');
    if (example !== undefined && !isProviderKind(example))
      problem(entries.get('example')!.value, `${where}.example must be one of ${PROVIDER_KINDS.join(', ')}`);
    const token = str('token');
    if (example !== undefined && token !== undefined)
      problem(item, `${where} gives both example and token; start from one of them`);
    let claims: Record<string, unknown> = {};
    const claimsEntry = entries.get('claims');
    if (claimsEntry !== undefined) {
      const node = reader.resolve(claimsEntry.value);
      if (isMap(node)) claims = (node as Node).toJSON() as Record<string, unknown>;
      else problem(claimsEntry.value, `${where}.claims must be a mapping of claim: value`);
    }
    if (example === undefined && token === undefined && claimsEntry === undefined)
      problem(item, `${where} needs claims, an example (a CI's example token) or a token`);
    const expectEntry = entries.get('expect');
    if (expectEntry === undefined)
      problem(item, `${where} needs expect: { allow: [scopes…] } or expect: { deny: ERR_… }`);
    const expectation =
      expectEntry === undefined ? undefined : readExpectation(reader, expectEntry.value, `${where}.expect`);
    if (project === undefined || expectation === undefined) continue;
    const policyCase: PolicyCase = {
      name,
      position: reader.at(item),
      project,
      claims,
      expect: expectation,
    };
    const provider = str('provider');
    if (provider !== undefined) policyCase.provider = provider;
    if (example !== undefined) policyCase.example = example;
    if (token !== undefined) policyCase.token = token;
    const scope = str('scope');
    if (scope !== undefined) policyCase.scope = scope;
    out.cases.push(policyCase);
  }
  const errors = reader.diagnostics.some((d) => d.severity === 'error');
  return errors ? { diagnostics: reader.diagnostics } : { cases: out, diagnostics: reader.diagnostics };
}

function readExpectation(reader: YamlReader, node: YamlNode, where: string): Expectation | undefined {
  const entries = reader.map(node, where, EXPECT_KEYS);
  if (entries === undefined) return undefined;
  const allow = entries.get('allow');
  const deny = entries.get('deny');
  if ((allow === undefined) === (deny === undefined)) {
    reader.error(node, 'ERR_POLICY_CASES', `${where} needs exactly one of allow: [scopes…] (or true) and deny: ERR_…`);
    return undefined;
  }
  if (deny !== undefined) {
    for (const key of ['scopes', 'flags'])
      if (entries.has(key))
        reader.error(entries.get(key)!.key, 'ERR_POLICY_CASES', `${where}.${key} goes with allow, not deny`);
    const code = reader.string(deny.value, `${where}.deny`);
    if (code === undefined) return undefined;
    if (!/^ERR_[A-Z0-9_]+$/.test(code)) {
      reader.error(deny.value, 'ERR_POLICY_CASES', `${where}.deny must be an error code such as ERR_POLICY_DENIED`);
      return undefined;
    }
    const hintEntry = entries.get('hint');
    const hint = hintEntry === undefined ? undefined : reader.string(hintEntry.value, `${where}.hint`);
    return hint === undefined ? { allow: false, code } : { allow: false, code, hint };
  }
  if (entries.has('hint')) reader.error(entries.get('hint')!.key, 'ERR_POLICY_CASES', `${where}.hint goes with deny`);
  const expectation: Expectation = { allow: true };
  const value = reader.resolve(allow!.value);
  if (!(isScalar(value) && value.value === true)) {
    const scopes = reader.strings(allow!.value, `${where}.allow`);
    if (scopes === undefined) return undefined;
    expectation.scopes = scopes.map((s) => s.value);
  }
  const flagsEntry = entries.get('flags');
  if (flagsEntry !== undefined) {
    const list = reader.list(flagsEntry.value, `${where}.flags`);
    const flags = list?.map((item) => reader.string(item, `each of ${where}.flags`));
    if (flags === undefined || flags.some((f) => f === undefined)) return undefined;
    expectation.flags = flags as string[];
  }
  return expectation;
}

/**
 * Decides one case with the compiled policy, exactly as an exchange would (policy, then the
 * requested scope), and compares the decision with what the case expects.
 */
export function runPolicyCase(policy: Policy, policyCase: PolicyCase): CaseResult {
  const started = performance.now();
  const base = {
    name: policyCase.name,
    position: policyCase.position,
    project: policyCase.project,
    expected: describeExpectation(policyCase.expect),
  };
  const resolved = caseClaims(policy.config, policyCase);
  if (typeof resolved === 'string') {
    return { ...base, ok: false, got: `no decision: ${resolved}`, diff: [resolved], ms: performance.now() - started };
  }
  const { provider, claims } = resolved;
  let decision: Decision = policy.check(policyCase.project, provider.name, claims);
  if (decision.ok && policyCase.scope !== undefined) {
    const scoped = requestScopes(decision, policyCase.scope);
    decision = scoped.ok ? { ...decision, scopes: scoped.scopes } : scoped;
  }
  const diff = compare(policyCase.expect, decision, policy.config.projects[policyCase.project]?.trust ?? []);
  return {
    ...base,
    provider: provider.name,
    ok: diff.length === 0,
    got: describeDecision(decision),
    diff: diff.length === 0 ? [] : [...diff, ...(decision.ok ? [] : [`reason: ${decision.reason}`])],
    ms: performance.now() - started,
  };
}

/** The claims a case stands for and the provider they are checked as, or why there are none. */
function caseClaims(
  config: BrokerConfig,
  policyCase: PolicyCase,
): { provider: ProviderConfig; claims: Claims } | string {
  const providers = Object.values(config.providers);
  const named =
    policyCase.provider === undefined
      ? undefined
      : Object.hasOwn(config.providers, policyCase.provider)
        ? config.providers[policyCase.provider]
        : undefined;
  if (policyCase.provider !== undefined && named === undefined)
    return `provider ${policyCase.provider} is not configured (configured: ${Object.keys(config.providers).join(', ')})`;
  let start: Claims = {};
  let provider = named;
  if (policyCase.example !== undefined) {
    // The example token as this broker would receive it: its provider's issuer and audience.
    provider ??= providers.find((p) => p.kind === policyCase.example);
    if (provider === undefined) return `no provider of kind ${policyCase.example} is configured for its example token`;
    if (provider.kind !== policyCase.example)
      return `provider ${provider.name} is of kind ${provider.kind}, not ${policyCase.example}`;
    start = ciDescriptor(provider.kind).claims.example(provider.issuer, provider.audience);
  } else if (policyCase.token !== undefined) {
    try {
      start = decodeJwt(policyCase.token) as Claims;
    } catch {
      return 'token is not a JWT (three base64url parts with a JSON payload)';
    }
  }
  const claims: Claims = { ...start };
  for (const [name, value] of Object.entries(policyCase.claims)) {
    if (value === null) delete claims[name];
    else claims[name] = value;
  }
  if (provider === undefined && typeof claims.iss === 'string')
    provider = providers.find((p) => p.issuer === claims.iss);
  if (provider === undefined && providers.length === 1) provider = providers[0];
  if (provider === undefined)
    return typeof claims.iss === 'string'
      ? `no configured provider has issuer ${claims.iss}; name one with provider:`
      : 'the claims have no iss; name the provider with provider:';
  return { provider, claims };
}

function compare(expect: Expectation, decision: Decision, rules: readonly TrustRule[]): string[] {
  if (!expect.allow) {
    if (decision.ok)
      return [
        `expected: deny ${expect.code}`,
        `got:      allow ${scopesText(decision.scopes)}`,
        ...whyAllowed(decision, rules),
      ];
    const diff: string[] = [];
    if (decision.code !== expect.code) diff.push(`expected: deny ${expect.code}`, `got:      deny ${decision.code}`);
    if (expect.hint !== undefined && !decision.hint.includes(expect.hint))
      diff.push(`expected hint containing: ${expect.hint}`, `got hint:                 ${decision.hint}`);
    return diff;
  }
  if (!decision.ok)
    return [
      `expected: allow${expect.scopes === undefined ? '' : ` ${scopesText(expect.scopes)}`}`,
      `got:      deny ${decision.code}: ${decision.hint}`,
    ];
  const diff: string[] = [];
  if (expect.scopes !== undefined && !sameSet(expect.scopes, decision.scopes)) {
    const missing = expect.scopes.filter((s) => !decision.scopes.includes(s));
    const extra = decision.scopes.filter((s) => !expect.scopes!.includes(s));
    diff.push(
      `expected scopes: ${scopesText(expect.scopes)}`,
      `got scopes:      ${scopesText(decision.scopes)}`,
      ...missing.map((s) => `- ${s} (expected, not granted)`),
      ...extra.map((s) => `+ ${s} (granted, not expected)`),
    );
  }
  if (expect.flags !== undefined && !sameSet(expect.flags, decision.flags))
    diff.push(
      `expected flags: ${expect.flags.join(' ') || '(none)'}`,
      `got flags:      ${decision.flags.join(' ') || '(none)'}`,
    );
  return diff;
}

/**
 * Why a case that should have been denied was allowed: the subject the rules saw, and each rule
 * that matched it with its place in the config (the usual slip: a case changes `ref` but not
 * `sub`, and the subject still names the allowed branch).
 */
function whyAllowed(decision: Grant, rules: readonly TrustRule[]): string[] {
  const lines = [`subject:  ${decision.identity.subject}`];
  for (const index of decision.rules) {
    const rule = rules.find((r) => r.index === index);
    if (rule === undefined) continue;
    const { file, line, column } = rule.position;
    lines.push(`matched:  trust[${index}] at ${file}:${line}:${column}: subject ${rule.subject}`);
  }
  return lines;
}

function describeExpectation(expect: Expectation): string {
  if (!expect.allow) return `deny ${expect.code}${expect.hint === undefined ? '' : ` (hint: ${expect.hint})`}`;
  return `allow${expect.scopes === undefined ? '' : ` ${scopesText(expect.scopes)}`}`;
}

function describeDecision(decision: Decision): string {
  if (!decision.ok) return `deny ${decision.code}: ${decision.hint}`;
  const flags = decision.flags.length > 0 ? ` [${decision.flags.join(', ')}]` : '';
  return `allow ${scopesText(decision.scopes)} (rules ${decision.rules.map((r) => `trust[${r}]`).join(', ')})${flags}`;
}

function scopesText(scopes: readonly string[]): string {
  return scopes.length === 0 ? '(no scopes)' : scopes.join(' ');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
