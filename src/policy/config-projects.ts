import { formatDuration } from '../lib/duration.js';
import type { ErrorCode, WarningCode } from '../lib/errors.js';
import { CONFIG_NAME, readDuration, readRateLimit } from './config-values.js';
import { CONFIG_DEFAULTS, TTL_CEILING } from './defaults.js';
import { checkRule } from './rule-checks.js';
import type { ProjectConfig, ProviderConfig, TrustRule } from './types.js';
import type { Entry, YamlNode, YamlReader } from './yaml-reader.js';

const PROJECT_KEYS = ['audience', 'shared_audience', 'scopes', 'ttl', 'max_ttl', 'rate_limit', 'trust'];
const RULE_KEYS = ['provider', 'subject', 'claims', 'scopes'];
/** RFC 6749 §3.3 scope-token. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * `projects:`: each project's audience, scopes, lifetimes, rate limit and trust rules. Every rule
 * is checked on its own terms (checkRule) and its problems placed on the field they are about.
 */
export function readProjects(
  reader: YamlReader,
  entry: Entry | undefined,
  providers: Record<string, ProviderConfig>,
  root: YamlNode,
): Record<string, ProjectConfig> {
  const projects: Record<string, ProjectConfig> = Object.create(null) as Record<string, ProjectConfig>;
  if (!entry) {
    reader.error(
      root,
      'ERR_CONFIG_INVALID',
      "missing 'projects': each project names its scopes and the trust rules that may get its tokens",
    );
    return projects;
  }
  const entries = reader.map(entry.value, 'projects');
  if (!entries) return projects;
  if (entries.size === 0)
    reader.error(entry.key, 'ERR_CONFIG_INVALID', 'projects is empty: configure at least one project');
  const audiences: AudienceSeen[] = [];
  for (const [name, { key, value }] of entries) {
    const project = readProject(reader, name, key, value, providers, audiences);
    if (project) projects[name] = project;
  }
  checkSharedAudiences(reader, audiences);
  return projects;
}

/** Where a project's audience was given, and whether it says it may be shared. */
interface AudienceSeen {
  project: string;
  audience: string;
  node: YamlNode | Entry['key'];
  shared: boolean;
}

/**
 * Two projects with one audience: a token minted for one is accepted by the other's resource
 * server, which checks `aud`. Refused unless every project that shares it says
 * `shared_audience: true` (one service that tells the projects apart by the `project` claim).
 */
function checkSharedAudiences(reader: YamlReader, seen: AudienceSeen[]): void {
  const firstWith = new Map<string, AudienceSeen>();
  for (const later of seen) {
    // Keyed as the broker matches a resource indicator (src/broker/target.ts): two spellings of one
    // URL (`https://svc.example.com` and `https://svc.example.com/`) are one audience.
    const key = audienceKey(later.audience);
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, later);
    if (first === undefined || (first.shared && later.shared)) continue;
    const spelled = first.audience === later.audience ? '' : ` (spelled ${first.audience} there, the same URL)`;
    reader.error(
      later.node,
      'ERR_POLICY_AUDIENCE_SHARED',
      `projects.${later.project}.audience ${later.audience} is also the audience of project ${first.project}${spelled}: a token minted for either would be accepted by the other's resource server; give each project its own audience, or, if one service serves both and checks the token's project claim, set shared_audience: true on both`,
    );
  }
}

/**
 * An audience as a URL parser normalises it (scheme and host case, default port, an empty path as
 * `/`), else as written: two audiences with one key are one audience, here at load and in the
 * broker's lookup of a resource indicator (src/broker/target.ts).
 */
export function audienceKey(audience: string): string {
  try {
    return new URL(audience).href;
  } catch {
    return audience;
  }
}

function readProject(
  reader: YamlReader,
  name: string,
  key: Entry['key'],
  value: YamlNode,
  providers: Record<string, ProviderConfig>,
  audiences: AudienceSeen[],
): ProjectConfig | undefined {
  const where = `projects.${name}`;
  if (!CONFIG_NAME.test(name)) {
    reader.error(
      key,
      'ERR_CONFIG_INVALID',
      `project name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`,
    );
    return undefined;
  }
  const fields = reader.map(value, where, PROJECT_KEYS);
  if (!fields) return undefined;
  const project: ProjectConfig = {
    name,
    audience: `stint:${name}`,
    scopes: [],
    ttl: CONFIG_DEFAULTS.ttl,
    max_ttl: CONFIG_DEFAULTS.max_ttl,
    trust: [],
  };

  const audience = fields.get('audience');
  if (audience) project.audience = reader.string(audience.value, `${where}.audience`) ?? project.audience;
  const shared = fields.get('shared_audience');
  audiences.push({
    project: name,
    audience: project.audience,
    node: audience?.value ?? key,
    shared: shared !== undefined && reader.boolean(shared.value, `${where}.shared_audience`) === true,
  });

  const scopes = fields.get('scopes');
  if (scopes) {
    for (const { value: scope, node } of reader.strings(scopes.value, `${where}.scopes`) ?? []) {
      if (!SCOPE.test(scope))
        reader.error(
          node,
          'ERR_CONFIG_INVALID',
          `scope '${scope}' has a character OAuth scopes cannot carry (space, quote or backslash)`,
        );
      else if (project.scopes.includes(scope))
        reader.warn(node, 'WARN_SCOPE_DUPLICATE', `scope '${scope}' is listed twice`);
      else project.scopes.push(scope);
    }
  }

  const ttl = fields.get('ttl');
  const maxTtl = fields.get('max_ttl');
  if (ttl) project.ttl = readDuration(reader, ttl.value, `${where}.ttl`) ?? project.ttl;
  if (maxTtl) project.max_ttl = readDuration(reader, maxTtl.value, `${where}.max_ttl`) ?? project.max_ttl;
  if (project.max_ttl > TTL_CEILING) {
    reader.error(
      maxTtl?.value ?? key,
      'ERR_CONFIG_INVALID',
      `${where}.max_ttl ${formatDuration(project.max_ttl)} is above the 24h ceiling; stint tokens are short-lived`,
    );
  }
  if (project.ttl > project.max_ttl) {
    reader.error(
      ttl?.value ?? maxTtl?.value ?? key,
      'ERR_CONFIG_INVALID',
      `${where}.ttl ${formatDuration(project.ttl)} is longer than max_ttl ${formatDuration(project.max_ttl)}; lower ttl or raise max_ttl`,
    );
  }

  const rateLimit = fields.get('rate_limit');
  if (rateLimit)
    project.rate_limit = readRateLimit(reader, rateLimit.value, `${where}.rate_limit`, CONFIG_DEFAULTS.rate_limit);

  const trust = fields.get('trust');
  const rules = trust ? reader.list(trust.value, `${where}.trust`) : undefined;
  if (!trust || (rules !== undefined && rules.length === 0)) {
    reader.error(
      trust?.key ?? key,
      'ERR_POLICY_NO_RULES',
      `project ${name} has no trust rule naming a subject, so no job could ever get its tokens; add trust: [{ provider, subject }]`,
    );
  }
  (rules ?? []).forEach((node, index) => {
    const rule = readRule(reader, node, `${where}.trust[${index}]`, index, project, providers);
    if (rule) project.trust.push(rule);
  });
  return project;
}

function readRule(
  reader: YamlReader,
  node: YamlNode,
  where: string,
  index: number,
  project: ProjectConfig,
  providers: Record<string, ProviderConfig>,
): TrustRule | undefined {
  const fields = reader.map(node, where, RULE_KEYS);
  if (!fields) return undefined;
  const position = reader.at(node);

  const providerEntry = fields.get('provider');
  const providerName = providerEntry ? reader.string(providerEntry.value, `${where}.provider`) : undefined;
  if (!providerEntry)
    reader.error(
      node,
      'ERR_CONFIG_INVALID',
      `${where} needs provider: (one of ${Object.keys(providers).join(', ') || 'the configured providers'})`,
    );
  const provider = providerName === undefined ? undefined : providers[providerName]; // null-prototype record
  if (providerName !== undefined && provider === undefined) {
    reader.error(
      providerEntry?.value,
      'ERR_POLICY_UNKNOWN_PROVIDER',
      `${where} names provider '${providerName}', which is not configured under providers (configured: ${Object.keys(providers).join(', ') || 'none'})`,
    );
  }

  const subjectEntry = fields.get('subject');
  const subject = subjectEntry ? reader.string(subjectEntry.value, `${where}.subject`) : undefined;
  if (!subjectEntry)
    reader.error(
      node,
      'ERR_POLICY_NO_SUBJECT',
      `${where} needs a subject: the CI token's sub it trusts, e.g. repo:acme@1234567/warehouse@7654321:ref:refs/heads/main`,
    );

  const claims: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const claimNodes = new Map<string, YamlNode>();
  const claimsEntry = fields.get('claims');
  const claimFields = claimsEntry ? reader.map(claimsEntry.value, `${where}.claims`) : undefined;
  for (const [claim, { key, value }] of claimFields ?? []) {
    claimNodes.set(claim, key as YamlNode);
    const values = readClaimValues(reader, value, `${where}.claims.${claim}`);
    if (values) claims[claim] = values;
  }

  const scopes: string[] = [];
  const scopeNodes: YamlNode[] = [];
  const scopesEntry = fields.get('scopes');
  const listed = scopesEntry ? reader.resolve(scopesEntry.value) : undefined;
  if (listed !== null && listed !== undefined && 'items' in listed && listed.items.length === 0) {
    // An empty list would read as "the project's scopes"; make the author say which they mean.
    reader.error(
      scopesEntry?.value,
      'ERR_CONFIG_INVALID',
      `${where}.scopes is empty: leave it out to grant the project's scopes, or list the scopes this rule grants`,
    );
  }
  for (const { value, node: scopeNode } of scopesEntry
    ? (reader.strings(scopesEntry.value, `${where}.scopes`) ?? [])
    : []) {
    scopes.push(value);
    scopeNodes.push(scopeNode);
  }

  if (provider === undefined || subject === undefined) return undefined;
  const rule: TrustRule = {
    index,
    position,
    provider: provider.name,
    subject,
    claims,
    scopes: scopes.length > 0 ? scopes : [...project.scopes],
  };
  for (const problem of checkRule({ subject, claims, scopes }, provider, project)) {
    const at =
      problem.field === 'subject'
        ? subjectEntry?.value
        : problem.field.startsWith('claims.')
          ? claimNodes.get(problem.field.slice('claims.'.length))
          : scopeNodes[Number(/\d+/.exec(problem.field)?.[0] ?? 0)];
    const message = `${where}: ${problem.message}`;
    if (problem.severity === 'error') reader.error(at ?? node, problem.code as ErrorCode, message);
    else reader.warn(at ?? node, problem.code as WarningCode, message);
  }
  return rule;
}

/**
 * A claim condition's values: one value or a list. Claims compare as strings, so a number keeps
 * the text it was written with (`ref: 1.10` is "1.10", not "1.1"; `id: 0123` stays "0123") and
 * a boolean becomes "true" or "false".
 */
function readClaimValues(reader: YamlReader, node: YamlNode, where: string): string[] | undefined {
  const target = reader.resolve(node);
  const items = target !== null && target !== undefined && 'items' in target ? reader.list(node, where) : [node];
  if (!items) return undefined;
  const values: string[] = [];
  for (const item of items) {
    const value = reader.scalar(item, where);
    const source = (reader.resolve(item) as { source?: unknown } | null | undefined)?.source;
    if (typeof value === 'number') values.push(typeof source === 'string' && source !== '' ? source : String(value));
    else if (typeof value === 'string' || typeof value === 'boolean') values.push(String(value));
    else if (value !== undefined)
      reader.error(item, 'ERR_CONFIG_INVALID', `${where} values must be strings, numbers or booleans`);
    else return undefined;
  }
  return values;
}
