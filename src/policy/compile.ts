import { ciDescriptor, normaliseClaims } from '../providers/index.js';
import type { Claims } from '../providers/types.js';
import { denial, hintFor } from './denial.js';
import { ConfigError } from './diagnostics.js';
import { hasWildcard } from './pattern.js';
import { checkRule, WARNINGS_AT_LOAD } from './rule-checks.js';
import { type CompiledRule, RuleCompiler, type TokenView, tokenView } from './rule-matcher.js';
import { subjectProblem } from './subject.js';
import type {
  BrokerConfig,
  Decision,
  Diagnostic,
  Explanation,
  FieldComparison,
  Policy,
  ProjectConfig,
  ProviderConfig,
  RuleExplanation,
} from './types.js';

/**
 * One project's rules, indexed so `check` only compares those that could match a token: by the
 * literal repository its subject names, else by the literal owner, else (owner a pattern, only
 * allowed under a private issuer) in a short list compared every time. Keys are
 * `provider\0name`.
 */
interface CompiledProject {
  config: ProjectConfig;
  rules: CompiledRule[];
  byRepository: Map<string, CompiledRule[]>;
  byOwner: Map<string, CompiledRule[]>;
  openOwner: Map<string, CompiledRule[]>;
  /** `provider\0owner` and `provider\0#id` of every owner the project's rules name: who may see why. */
  knownOwners: Set<string>;
}

/**
 * Compiles a validated config into the value that answers every exchange. Patterns are built and
 * rules indexed by provider, repository and owner once, here, so `check` does not scan every rule.
 *
 * @example
 * const policy = compilePolicy(parseConfig(text, 'stint.yml').config);
 * const decision = policy.check('warehouse', 'github', claims);
 * if (decision.ok) mint(decision.scopes); else audit(decision.reason);
 * @throws ConfigError when a rule is unusable (a config that did not come from parseConfig)
 */
export function compilePolicy(config: BrokerConfig): Policy {
  const problems: Diagnostic[] = [];
  const projects = new Map<string, CompiledProject>();
  const compiler = new RuleCompiler();
  for (const project of Object.values(config.projects)) {
    const compiled: CompiledProject = {
      config: project,
      rules: [],
      byRepository: new Map(),
      byOwner: new Map(),
      openOwner: new Map(),
      knownOwners: new Set(),
    };
    if (project.trust.length === 0) {
      problems.push({
        severity: 'error',
        code: 'ERR_POLICY_NO_RULES',
        message: `project ${project.name} has no trust rule`,
        position: { file: config.file, line: 1, column: 1 },
      });
    }
    for (const rule of project.trust) {
      const provider = Object.hasOwn(config.providers, rule.provider) ? config.providers[rule.provider] : undefined;
      if (provider === undefined) {
        problems.push({
          severity: 'error',
          code: 'ERR_POLICY_UNKNOWN_PROVIDER',
          message: `rule names provider '${rule.provider}', which is not configured`,
          position: rule.position,
        });
        continue;
      }
      for (const p of checkRule(rule, provider, project)) {
        if (p.severity === 'error' && !WARNINGS_AT_LOAD.has(p.code))
          problems.push({ severity: 'error', code: p.code, message: p.message, position: rule.position });
      }
      addRule(compiled, compiler.compile(rule, provider.kind), provider);
    }
    projects.set(project.name, compiled);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const byIssuer = new Map<string, ProviderConfig>(Object.values(config.providers).map((p) => [p.issuer, p]));

  function decide(
    projectName: string,
    providerName: string,
    claims: Claims,
    explanations?: RuleExplanation[],
  ): Decision {
    const project = projects.get(projectName);
    const provider = Object.hasOwn(config.providers, providerName) ? config.providers[providerName] : undefined;
    if (provider === undefined) {
      return denial(
        'ERR_PROVIDER_UNKNOWN',
        `provider '${providerName}' is not configured`,
        `provider ${providerName} is not configured on this broker`,
        false,
      );
    }
    const identity = normaliseClaims(provider.kind, claims);
    const subject = claims.sub;
    const problem = typeof subject === 'string' ? subjectProblem(subject) : 'token has no sub claim';
    if (project === undefined) {
      return denial(
        'ERR_PROJECT_UNKNOWN',
        `project '${projectName}' is not configured`,
        `project ${projectName} is not configured on this broker`,
        false,
        identity,
      );
    }
    const grammar = ciDescriptor(provider.kind).subject;
    const owner = typeof subject === 'string' ? grammar.owner(subject) : undefined;
    const disclose = isKnownOwner(project, providerName, owner, identity.owner, identity.owner_id);
    if (problem !== undefined || typeof subject !== 'string') {
      return denial(
        'ERR_SUBJECT_INVALID',
        `${problem}: ${JSON.stringify(subject)?.slice(0, 300)}`,
        `the token's subject is malformed (${problem})`,
        disclose,
        identity,
      );
    }

    const token = tokenView(providerName, provider.kind, subject, claims);
    // explain() compares every rule, but decides like check() from the indexed candidates, so a
    // test can hold the index to the full scan.
    for (const rule of explanations === undefined ? NONE : project.rules)
      explanations?.push(explainRule(rule, rule.compare(token), identity.environment));
    const candidates = candidatesFor(project, providerName, owner, grammar.repository(subject));
    const matched = candidates.filter((rule) => rule.matches(token));
    if (matched.length === 0) {
      const closest = closestRule(candidates, token);
      const where = closest
        ? ` closest rule: trust[${closest.rule.rule.index}] at line ${closest.rule.rule.position.line}, ${closest.failed.field} wanted ${JSON.stringify(closest.failed.wanted)} got ${JSON.stringify(closest.failed.got ?? null)}`
        : ' no rule of this provider names its repository or owner';
      // Named as the index names it (CircleCI: organization/project IDs, not the repository built).
      const indexed = grammar.repository(subject);
      const hint = closest
        ? hintFor(closest.failed, projectName, identity)
        : `${indexed !== undefined ? `${grammar.repositoryNoun ?? 'repository'} ${indexed}` : `subject ${subject}`} is not trusted by project ${projectName}`;
      return denial(
        'ERR_POLICY_DENIED',
        `no trust rule of project ${projectName} matched ${providerName} subject ${subject};${where}`,
        hint,
        disclose,
        identity,
      );
    }

    const granted = new Set(matched.flatMap((r) => r.rule.scopes));
    const flags: string[] = [];
    if (identity.environment !== undefined && !matched.some((r) => r.pinsEnvironment(identity.environment!)))
      flags.push('environment_unpinned');
    return {
      ok: true,
      project: projectName,
      identity,
      scopes: project.config.scopes.filter((s) => granted.has(s)),
      rules: matched.map((r) => r.rule.index).sort((a, b) => a - b),
      flags,
    };
  }

  return {
    config,
    check: (project, provider, claims) => decide(project, provider, claims),
    explain(project, provider, claims): Explanation {
      const rules: RuleExplanation[] = [];
      const decision = decide(project, provider, claims, rules);
      return { project, rules, decision };
    },
    providerForIssuer: (iss) => byIssuer.get(iss),
  };
}

/**
 * The rule that came closest (most fields matched; the first on a tie) and its first failed
 * field, for the denial's hint. Only runs on a denial, so the fast path never builds comparisons.
 */
function closestRule(
  candidates: readonly CompiledRule[],
  token: TokenView,
): { rule: CompiledRule; failed: FieldComparison } | undefined {
  let best: { rule: CompiledRule; failed: FieldComparison; score: number } | undefined;
  for (const rule of candidates) {
    const comparisons = rule.compare(token);
    const failed = comparisons.find((c) => !c.matched);
    if (failed === undefined) continue;
    const score = comparisons.length - comparisons.filter((c) => !c.matched).length;
    if (best === undefined || score > best.score || (score === best.score && rule.rule.index < best.rule.rule.index))
      best = { rule, failed, score };
  }
  return best;
}

function addRule(project: CompiledProject, rule: CompiledRule, provider: ProviderConfig): void {
  project.rules.push(rule);
  const name = provider.name;
  if (rule.repository !== undefined) push(project.byRepository, `${name}\0${rule.repository}`, rule);
  else if (rule.owner !== undefined) push(project.byOwner, `${name}\0${rule.owner}`, rule);
  else push(project.openOwner, name, rule);
  if (rule.owner !== undefined) project.knownOwners.add(`${name}\0${rule.owner}`);
  // Owners named by a literal claim condition on the CI's owner ID or name claim, or by an ID in the subject.
  const ci = ciDescriptor(provider.kind);
  const { id, name: ownerName } = ci.claims.ownerIdentity;
  for (const [claim, values] of Object.entries(rule.rule.claims)) {
    const prefix = claim === id ? '#' : claim === ownerName ? '' : undefined;
    if (prefix === undefined) continue;
    for (const v of values) if (!hasWildcard(v)) project.knownOwners.add(`${name}\0${prefix}${v}`);
  }
  const ownerId = rule.ownerId;
  if (ownerId !== undefined && /^\d+$/.test(ownerId)) project.knownOwners.add(`${name}\0#${ownerId}`);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const NONE: readonly CompiledRule[] = [];

/** Rules that could match a token whose subject names `owner` and `repository`, from `provider`. */
function candidatesFor(
  project: CompiledProject,
  provider: string,
  owner: string | undefined,
  repository: string | undefined,
): readonly CompiledRule[] {
  const byRepository = repository === undefined ? undefined : project.byRepository.get(`${provider}\0${repository}`);
  const byOwner = owner === undefined ? undefined : project.byOwner.get(`${provider}\0${owner}`);
  const open = project.openOwner.get(provider);
  const lists = [byRepository, byOwner, open].filter((l): l is CompiledRule[] => l !== undefined);
  if (lists.length === 0) return NONE;
  return lists.length === 1 ? lists[0]! : lists.flat();
}

/** True when the token's owner (by name or ID) appears in the project's rules for that provider. */
function isKnownOwner(
  project: CompiledProject,
  provider: string,
  subjectOwner: string | undefined,
  owner: string | undefined,
  ownerId: string | undefined,
): boolean {
  const known = project.knownOwners;
  return (
    (subjectOwner !== undefined && known.has(`${provider}\0${subjectOwner}`)) ||
    (owner !== undefined && known.has(`${provider}\0${owner}`)) ||
    (ownerId !== undefined && known.has(`${provider}\0#${ownerId}`))
  );
}

function explainRule(
  rule: CompiledRule,
  comparisons: FieldComparison[],
  environment: string | undefined,
): RuleExplanation {
  const matched = comparisons.every((c) => c.matched);
  const explanation: RuleExplanation = {
    index: rule.rule.index,
    position: rule.rule.position,
    provider: rule.rule.provider,
    comparisons,
    matched,
  };
  if (matched && environment !== undefined && !rule.pinsEnvironment(environment)) {
    explanation.note = `the token's environment '${environment}' is not pinned by this rule; the exchange is flagged environment_unpinned`;
  }
  return explanation;
}
