import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { StintError } from '../errors.js';
import { defaultAlgorithms, defaultIssuer, describeIssuer, isProviderKind, PROVIDER_KINDS } from '../providers/index.js';
import type { RateLimit } from '../store/types.js';
import { ConfigError } from './diagnostics.js';
import { formatDuration, parseDuration } from './duration.js';
import { checkRule } from './rule-checks.js';
import type { BrokerConfig, Diagnostic, KeysConfig, ProjectConfig, ProviderConfig, StoreConfig, TrustRule } from './types.js';
import { YamlReader, type Entry, type YamlNode } from './yaml-reader.js';

/** Defaults for everything the config may leave out (DESIGN §2 "Config"). */
export const CONFIG_DEFAULTS = {
  keys: { dir: '.stint/keys', algorithm: 'EdDSA', rotate_every: 30 * 86_400, grace: 7 * 86_400 } satisfies KeysConfig,
  store: { kind: 'memory' } satisfies StoreConfig,
  audit: { file: '.stint/audit.jsonl' },
  rate_limit: { rps: 20, burst: 200 } satisfies RateLimit,
  /** A project's default token lifetime. */
  ttl: 15 * 60,
  /** A project's default longest lifetime a caller may ask for. */
  max_ttl: 60 * 60,
} as const;

/** No project may mint tokens that live longer than this, whatever its `max_ttl` says. */
export const TTL_CEILING = 24 * 3600;

/** JWS algorithms a CI token may be signed with: asymmetric only. Never `none`, never HMAC. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const KEY_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
const TOP_KEYS = ['issuer', 'keys', 'store', 'audit', 'rate_limit', 'providers', 'projects'];
const PROVIDER_KEYS = ['kind', 'issuer', 'audience', 'algorithms', 'allow_insecure'];
const PROJECT_KEYS = ['audience', 'scopes', 'ttl', 'max_ttl', 'rate_limit', 'trust'];
const RULE_KEYS = ['provider', 'subject', 'claims', 'scopes'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** RFC 6749 §3.3 scope-token. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Everything `parseConfig` finds: the config when there is no error, and every diagnostic.
 * `stint policy check` uses this to print all errors and warnings at once.
 */
export function validateConfig(text: string, file: string): { config?: BrokerConfig; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(file, doc, lines);
  for (const problem of doc.errors) {
    const { line, col } = lines.linePos(problem.pos[0]);
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    reader.diagnostics.push({ severity: 'error', code: 'ERR_CONFIG_INVALID', message: `YAML: ${message}`, position: { file, line, column: col } });
  }
  if (doc.errors.length > 0) return { diagnostics: reader.diagnostics };
  const config = readConfig(reader, doc.contents as YamlNode, file);
  const diagnostics = reader.diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { config, diagnostics };
}

/**
 * Parses and validates a broker config. Relative `keys.dir` and `audit.file` resolve against the
 * directory of `file`. Warnings come back in `diagnostics`.
 *
 * @example const { config } = parseConfig(readFileSync('stint.yml', 'utf8'), 'stint.yml');
 * @throws ConfigError (code ERR_CONFIG_INVALID) whose message has one `file:line:column: message` line per error
 */
export function parseConfig(text: string, file: string): { config: BrokerConfig; diagnostics: Diagnostic[] } {
  const { config, diagnostics } = validateConfig(text, file);
  if (config === undefined) throw new ConfigError(diagnostics);
  return { config, diagnostics };
}

/**
 * Reads and parses a config file.
 *
 * @throws StintError ERR_CONFIG_NOT_FOUND when it cannot be read; ConfigError when it is invalid
 */
export async function loadConfigFile(path: string): Promise<{ config: BrokerConfig; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StintError('ERR_CONFIG_NOT_FOUND', `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  return parseConfig(text, path);
}

function readConfig(reader: YamlReader, root: YamlNode, file: string): BrokerConfig {
  const baseDir = dirname(resolve(file));
  const top = root === null || root === undefined ? undefined : reader.map(root, 'the config', TOP_KEYS);
  if (top === undefined) {
    if (root === null || root === undefined) reader.error(root, 'ERR_CONFIG_INVALID', 'the config is empty: it needs at least issuer, providers and projects');
    return { file, issuer: '', keys: { ...CONFIG_DEFAULTS.keys }, store: { kind: 'memory' }, audit: { ...CONFIG_DEFAULTS.audit }, rate_limit: { ...CONFIG_DEFAULTS.rate_limit }, providers: {}, projects: {} };
  }
  const get = (key: string) => top.get(key);

  const issuerEntry = get('issuer');
  const issuer = issuerEntry ? readBrokerIssuer(reader, issuerEntry.value) : undefined;
  if (!issuerEntry) reader.error(root, 'ERR_CONFIG_INVALID', "missing 'issuer': the broker's public URL, e.g. issuer: https://stint.example.com");

  const keys = readKeys(reader, get('keys'), baseDir);
  const store = readStore(reader, get('store'));
  const audit = readAudit(reader, get('audit'), baseDir);
  const rateLimitEntry = get('rate_limit');
  const rate_limit = rateLimitEntry ? readRateLimit(reader, rateLimitEntry.value, 'rate_limit', CONFIG_DEFAULTS.rate_limit) : { ...CONFIG_DEFAULTS.rate_limit };
  const providers = readProviders(reader, get('providers'), issuer ?? '', root);
  const projects = readProjects(reader, get('projects'), providers, root);
  return { file, issuer: issuer ?? '', keys, store, audit, rate_limit, providers, projects };
}

function readBrokerIssuer(reader: YamlReader, node: YamlNode): string | undefined {
  const value = reader.string(node, 'issuer');
  if (value === undefined) return undefined;
  const url = parseHttpUrl(value);
  if (url === undefined) {
    reader.error(node, 'ERR_CONFIG_INVALID', `issuer '${value}' must be an absolute http(s) URL, e.g. https://stint.example.com`);
    return undefined;
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    reader.warn(node, 'WARN_ISSUER_INSECURE', `issuer '${value}' is plain http on a non-loopback host; serve the broker over https`);
  }
  if (value.endsWith('/')) reader.warn(node, 'WARN_ISSUER_SLASH', `issuer '${value}' ends with '/'; issuers are compared exactly, so drop the trailing slash`);
  return value;
}

function readKeys(reader: YamlReader, entry: Entry | undefined, baseDir: string): KeysConfig {
  const keys: KeysConfig = { ...CONFIG_DEFAULTS.keys, dir: resolve(baseDir, CONFIG_DEFAULTS.keys.dir) };
  if (!entry) return keys;
  const fields = reader.map(entry.value, 'keys', ['dir', 'algorithm', 'rotate_every', 'grace']);
  if (!fields) return keys;
  const dir = fields.get('dir');
  if (dir) keys.dir = resolve(baseDir, reader.string(dir.value, 'keys.dir') ?? keys.dir);
  const algorithm = fields.get('algorithm');
  if (algorithm) {
    const value = reader.string(algorithm.value, 'keys.algorithm');
    if (value !== undefined && (KEY_ALGORITHMS as readonly string[]).includes(value)) keys.algorithm = value as KeysConfig['algorithm'];
    else if (value !== undefined) reader.error(algorithm.value, 'ERR_CONFIG_INVALID', `keys.algorithm '${value}' is not supported; use one of ${KEY_ALGORITHMS.join(', ')}`);
  }
  const rotate = fields.get('rotate_every');
  if (rotate) keys.rotate_every = readDuration(reader, rotate.value, 'keys.rotate_every') ?? keys.rotate_every;
  const grace = fields.get('grace');
  if (grace) keys.grace = readDuration(reader, grace.value, 'keys.grace') ?? keys.grace;
  return keys;
}

function readStore(reader: YamlReader, entry: Entry | undefined): StoreConfig {
  if (!entry) return { ...CONFIG_DEFAULTS.store };
  const node = reader.resolve(entry.value);
  const asText = node !== null && node !== undefined && 'value' in node && typeof node.value === 'string' ? node.value : undefined;
  if (asText === 'memory') return { kind: 'memory' };
  if (asText !== undefined) {
    const url = readRedisUrl(reader, entry.value, asText, 'store');
    return url === undefined ? { kind: 'memory' } : { kind: 'redis', url };
  }
  const fields = reader.map(entry.value, "store (write 'memory', a redis:// URL, or { url, password_env })", ['url', 'password_env']);
  if (!fields) return { kind: 'memory' };
  const urlEntry = fields.get('url');
  if (!urlEntry) {
    reader.error(entry.key, 'ERR_CONFIG_INVALID', 'store needs a url, e.g. store: { url: redis://redis.internal:6379/0, password_env: REDIS_PASSWORD }');
    return { kind: 'memory' };
  }
  const text = reader.string(urlEntry.value, 'store.url');
  const url = text === undefined ? undefined : readRedisUrl(reader, urlEntry.value, text, 'store.url');
  const store: StoreConfig = { kind: 'redis', url: url ?? '' };
  const passwordEnv = fields.get('password_env');
  if (passwordEnv) {
    const name = reader.string(passwordEnv.value, 'store.password_env');
    if (name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      reader.error(passwordEnv.value, 'ERR_CONFIG_INVALID', `store.password_env must name an environment variable (letters, digits, _), got '${name}'`);
    } else if (name !== undefined) store.password_env = name;
  }
  return store;
}

/** A redis:// or rediss:// URL with no password in it: a password in the file would leak with the file. */
function readRedisUrl(reader: YamlReader, node: YamlNode, text: string, where: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    reader.error(node, 'ERR_CONFIG_INVALID', `${where} must be 'memory' or a redis:// or rediss:// URL, got '${redactUrl(text)}'`);
    return undefined;
  }
  if (url.password !== '') {
    reader.error(
      node,
      'ERR_STORE_PASSWORD_INLINE',
      `${where} has a password inside the URL; never put it in the file: write store: { url: ${url.protocol}//${url.host}${url.pathname}, password_env: REDIS_PASSWORD } and set that variable`,
    );
    return undefined;
  }
  return text;
}

/** The URL with any password replaced, so an error message never repeats it. */
function redactUrl(text: string): string {
  return text.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

function readAudit(reader: YamlReader, entry: Entry | undefined, baseDir: string): { file: string } {
  const audit = { file: resolve(baseDir, CONFIG_DEFAULTS.audit.file) };
  if (!entry) return audit;
  const fields = reader.map(entry.value, 'audit', ['file']);
  const file = fields?.get('file');
  if (file) audit.file = resolve(baseDir, reader.string(file.value, 'audit.file') ?? CONFIG_DEFAULTS.audit.file);
  return audit;
}

function readRateLimit(reader: YamlReader, node: YamlNode, where: string, fallback: RateLimit): RateLimit {
  const limit = { ...fallback };
  const fields = reader.map(node, where, ['rps', 'burst']);
  const rps = fields?.get('rps');
  if (rps) limit.rps = reader.positiveNumber(rps.value, `${where}.rps`) ?? limit.rps;
  const burst = fields?.get('burst');
  if (burst) {
    const value = reader.positiveNumber(burst.value, `${where}.burst`);
    if (value !== undefined && !Number.isInteger(value)) reader.error(burst.value, 'ERR_CONFIG_INVALID', `${where}.burst must be a whole number`);
    else if (value !== undefined) limit.burst = value;
  }
  return limit;
}

function readDuration(reader: YamlReader, node: YamlNode, where: string): number | undefined {
  const value = reader.scalar(node, where);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    reader.error(node, 'ERR_DURATION_INVALID', `${where} must be a duration such as 90s, 15m, 1h or 30d`);
    return undefined;
  }
  try {
    return parseDuration(value);
  } catch (error) {
    reader.error(node, 'ERR_DURATION_INVALID', `${where}: ${(error as Error).message}`);
    return undefined;
  }
}

function readProviders(reader: YamlReader, entry: Entry | undefined, brokerIssuer: string, root: YamlNode): Record<string, ProviderConfig> {
  // Null-prototype records: a name such as `toString` or `__proto__` is only ever a key.
  const providers: Record<string, ProviderConfig> = Object.create(null) as Record<string, ProviderConfig>;
  if (!entry) {
    reader.error(root, 'ERR_CONFIG_INVALID', "missing 'providers': the CI issuers to trust, e.g. providers: { github: { issuer: https://token.actions.githubusercontent.com } }");
    return providers;
  }
  const entries = reader.map(entry.value, 'providers');
  if (!entries) return providers;
  if (entries.size === 0) reader.error(entry.key, 'ERR_CONFIG_INVALID', 'providers is empty: configure at least one CI issuer');
  const byIssuer = new Map<string, string>();
  for (const [name, { key, value }] of entries) {
    const where = `providers.${name}`;
    if (!NAME.test(name)) {
      reader.error(key, 'ERR_CONFIG_INVALID', `provider name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`);
      continue;
    }
    const fields = value === null ? new Map<string, Entry>() : reader.map(value, where, PROVIDER_KEYS);
    if (!fields) continue;

    const kindEntry = fields.get('kind');
    const kindText = kindEntry ? reader.string(kindEntry.value, `${where}.kind`) : name;
    if (kindText === undefined) continue;
    if (!isProviderKind(kindText)) {
      reader.error(
        kindEntry?.value ?? key,
        'ERR_CONFIG_INVALID',
        kindEntry
          ? `${where}.kind '${kindText}' is not a CI stint knows; use one of ${PROVIDER_KINDS.join(', ')}`
          : `${where} needs kind: (one of ${PROVIDER_KINDS.join(', ')}), since '${name}' is not a CI stint knows`,
      );
      continue;
    }
    const kind = kindText;

    const allowInsecureEntry = fields.get('allow_insecure');
    const allowInsecure = allowInsecureEntry ? (reader.boolean(allowInsecureEntry.value, `${where}.allow_insecure`) ?? false) : false;

    const issuerEntry = fields.get('issuer');
    let issuer = issuerEntry ? reader.string(issuerEntry.value, `${where}.issuer`) : defaultIssuer(kind);
    if (issuer === undefined && !issuerEntry) {
      reader.error(key, 'ERR_CONFIG_INVALID', `${where} needs issuer: ${kind} has no single public issuer (${issuerHint(kind)})`);
    }
    if (issuer !== undefined) {
      const url = parseHttpUrl(issuer);
      const node = issuerEntry?.value ?? key;
      if (url === undefined) {
        reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer '${issuer}' must be an absolute https URL`);
        issuer = undefined;
      } else if (url.protocol !== 'https:' && !allowInsecure) {
        reader.error(node, 'ERR_PROVIDER_INSECURE', `${where}.issuer '${issuer}' is not https; CI issuers must be https (allow_insecure: true is for local tests only)`);
      } else if (!allowInsecure && describeIssuer(kind, issuer) === undefined) {
        reader.warn(node, 'WARN_ISSUER_SHAPE', `${where}.issuer '${issuer}' does not look like a ${kind} issuer (${issuerHint(kind)}); tokens are matched on the exact iss`);
      }
      if (issuer !== undefined && byIssuer.has(issuer)) {
        reader.error(node, 'ERR_CONFIG_INVALID', `${where}.issuer '${issuer}' is already the issuer of provider '${byIssuer.get(issuer)}'; each issuer may be configured once`);
      } else if (issuer !== undefined) byIssuer.set(issuer, name);
    }

    const audienceEntry = fields.get('audience');
    const audience = audienceEntry ? reader.string(audienceEntry.value, `${where}.audience`) : brokerIssuer;

    const algorithmsEntry = fields.get('algorithms');
    let algorithms = defaultAlgorithms(kind);
    if (algorithmsEntry) {
      const listed = reader.strings(algorithmsEntry.value, `${where}.algorithms`) ?? [];
      for (const { value: alg, node } of listed) {
        if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
          reader.error(node, 'ERR_PROVIDER_ALGORITHM', `${where}.algorithms: '${alg}' is not allowed; CI tokens must be signed asymmetrically (${ASYMMETRIC_ALGORITHMS.join(', ')}); never none or HS*`);
        }
      }
      if (listed.length > 0) algorithms = listed.map((a) => a.value);
    }
    providers[name] = { name, kind, issuer: issuer ?? '', audience: audience ?? brokerIssuer, algorithms, allow_insecure: allowInsecure };
  }
  return providers;
}

function issuerHint(kind: string): string {
  switch (kind) {
    case 'github':
      return 'https://token.actions.githubusercontent.com, https://token.actions.githubusercontent.com/<enterprise> or https://HOST/_services/token';
    case 'gitlab':
      return 'https://gitlab.com or your instance URL';
    case 'circleci':
      return 'https://oidc.circleci.com/org/<org-id>';
    case 'jenkins':
      return '<JENKINS_URL>/oidc';
    default:
      return 'https://agent.buildkite.com';
  }
}

function readProjects(reader: YamlReader, entry: Entry | undefined, providers: Record<string, ProviderConfig>, root: YamlNode): Record<string, ProjectConfig> {
  const projects: Record<string, ProjectConfig> = Object.create(null) as Record<string, ProjectConfig>;
  if (!entry) {
    reader.error(root, 'ERR_CONFIG_INVALID', "missing 'projects': each project names its scopes and the trust rules that may get its tokens");
    return projects;
  }
  const entries = reader.map(entry.value, 'projects');
  if (!entries) return projects;
  if (entries.size === 0) reader.error(entry.key, 'ERR_CONFIG_INVALID', 'projects is empty: configure at least one project');
  for (const [name, { key, value }] of entries) {
    const project = readProject(reader, name, key, value, providers);
    if (project) projects[name] = project;
  }
  return projects;
}

function readProject(reader: YamlReader, name: string, key: Entry['key'], value: YamlNode, providers: Record<string, ProviderConfig>): ProjectConfig | undefined {
  const where = `projects.${name}`;
  if (!NAME.test(name)) {
    reader.error(key, 'ERR_CONFIG_INVALID', `project name '${name}' must start with a letter or digit, then letters, digits, '.', '_' or '-'`);
    return undefined;
  }
  const fields = reader.map(value, where, PROJECT_KEYS);
  if (!fields) return undefined;
  const project: ProjectConfig = { name, audience: `stint:${name}`, scopes: [], ttl: CONFIG_DEFAULTS.ttl, max_ttl: CONFIG_DEFAULTS.max_ttl, trust: [] };

  const audience = fields.get('audience');
  if (audience) project.audience = reader.string(audience.value, `${where}.audience`) ?? project.audience;

  const scopes = fields.get('scopes');
  if (scopes) {
    for (const { value: scope, node } of reader.strings(scopes.value, `${where}.scopes`) ?? []) {
      if (!SCOPE.test(scope)) reader.error(node, 'ERR_CONFIG_INVALID', `scope '${scope}' has a character OAuth scopes cannot carry (space, quote or backslash)`);
      else if (project.scopes.includes(scope)) reader.warn(node, 'WARN_SCOPE_DUPLICATE', `scope '${scope}' is listed twice`);
      else project.scopes.push(scope);
    }
  }

  const ttl = fields.get('ttl');
  const maxTtl = fields.get('max_ttl');
  if (ttl) project.ttl = readDuration(reader, ttl.value, `${where}.ttl`) ?? project.ttl;
  if (maxTtl) project.max_ttl = readDuration(reader, maxTtl.value, `${where}.max_ttl`) ?? project.max_ttl;
  if (project.max_ttl > TTL_CEILING) {
    reader.error(maxTtl?.value ?? key, 'ERR_CONFIG_INVALID', `${where}.max_ttl ${formatDuration(project.max_ttl)} is above the 24h ceiling; stint tokens are short-lived`);
  }
  if (project.ttl > project.max_ttl) {
    reader.error(
      ttl?.value ?? maxTtl?.value ?? key,
      'ERR_CONFIG_INVALID',
      `${where}.ttl ${formatDuration(project.ttl)} is longer than max_ttl ${formatDuration(project.max_ttl)}; lower ttl or raise max_ttl`,
    );
  }

  const rateLimit = fields.get('rate_limit');
  if (rateLimit) project.rate_limit = readRateLimit(reader, rateLimit.value, `${where}.rate_limit`, CONFIG_DEFAULTS.rate_limit);

  const trust = fields.get('trust');
  const rules = trust ? reader.list(trust.value, `${where}.trust`) : undefined;
  if (!trust || (rules !== undefined && rules.length === 0)) {
    reader.error(trust?.key ?? key, 'ERR_POLICY_NO_RULES', `project ${name} has no trust rule naming a subject, so no job could ever get its tokens; add trust: [{ provider, subject }]`);
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
  if (!providerEntry) reader.error(node, 'ERR_CONFIG_INVALID', `${where} needs provider: (one of ${Object.keys(providers).join(', ') || 'the configured providers'})`);
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
  if (!subjectEntry) reader.error(node, 'ERR_POLICY_NO_SUBJECT', `${where} needs a subject: the CI token's sub it trusts, e.g. repo:acme@1234567/warehouse@7654321:ref:refs/heads/main`);

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
  for (const { value, node: scopeNode } of scopesEntry ? (reader.strings(scopesEntry.value, `${where}.scopes`) ?? []) : []) {
    scopes.push(value);
    scopeNodes.push(scopeNode);
  }

  if (provider === undefined || subject === undefined) return undefined;
  const rule: TrustRule = { index, position, provider: provider.name, subject, claims, scopes: scopes.length > 0 ? scopes : [...project.scopes] };
  for (const problem of checkRule({ subject, claims, scopes }, provider, project)) {
    const at = problem.field === 'subject' ? subjectEntry?.value
      : problem.field.startsWith('claims.') ? claimNodes.get(problem.field.slice('claims.'.length))
      : scopeNodes[Number(/\d+/.exec(problem.field)?.[0] ?? 0)];
    const message = `${where}: ${problem.message}`;
    if (problem.severity === 'error') reader.error(at ?? node, problem.code as `ERR_${string}`, message);
    else reader.warn(at ?? node, problem.code as `WARN_${string}`, message);
  }
  return rule;
}

/** A claim condition's values: one value or a list; numbers and booleans become strings. */
function readClaimValues(reader: YamlReader, node: YamlNode, where: string): string[] | undefined {
  const target = reader.resolve(node);
  const items = target !== null && target !== undefined && 'items' in target ? reader.list(node, where) : [node];
  if (!items) return undefined;
  const values: string[] = [];
  for (const item of items) {
    const value = reader.scalar(item, where);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values.push(String(value));
    else if (value !== undefined) reader.error(item, 'ERR_CONFIG_INVALID', `${where} values must be strings, numbers or booleans`);
    else return undefined;
  }
  return values;
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}
