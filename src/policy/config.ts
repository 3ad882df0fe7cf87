import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Scalar } from 'yaml';
import { coversEveryAddress, isCidr } from '../lib/cidr.js';
import { formatDuration } from '../lib/duration.js';
import { isVariableName } from '../lib/env-setting.js';
import { StintError } from '../lib/errors.js';
import { fileAccessError } from '../lib/file-access.js';
import { isLoopbackHost } from '../lib/loopback.js';
import { redactUrl } from '../lib/url-credentials.js';
import { ALIASES_TOO_FAR, aliasesExpandTooFar } from '../lib/yaml-aliases.js';
import { readProjects } from './config-projects.js';
import { readProviders } from './config-providers.js';
import { readStore } from './config-store.js';
import { parseHttpUrl, rateLimitFrom, readDuration, readRateLimit } from './config-values.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import { ConfigError } from './diagnostics.js';
import { WARNINGS_AT_LOAD } from './rule-checks.js';
import type { BrokerConfig, Diagnostic, KeysConfig, ProjectConfig } from './types.js';
import { readQuickYaml } from './yaml-quick.js';
import { duplicateKeys, type Entry, type YamlNode, YamlReader } from './yaml-reader.js';

/** The longest `shutdown_grace` (docs/broker.md#signals): an hour. */
const SHUTDOWN_GRACE_MAX_SEC = 3600;

export { ASYMMETRIC_ALGORITHMS, CONFIG_DEFAULTS, TTL_CEILING } from './defaults.js';

const KEY_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
const TOP_KEYS = [
  'issuer',
  'keys',
  'store',
  'audit',
  'rate_limit',
  'trust_proxy',
  'shutdown_grace',
  'providers',
  'projects',
];

/** yaml's "Source contains multiple documents", said for a config, at the second `---`. */
const ONE_DOCUMENT =
  'a stint config is one YAML document, and a second one starts here (`---`): remove it, or move its keys into the first';

/**
 * Everything `parseConfig` finds: the config when there is no error, and every diagnostic.
 * `stint policy check` uses this to print all errors and warnings at once. `use: 'load'` (what
 * parseConfig passes) takes the WARNINGS_AT_LOAD errors as warnings.
 */
export function validateConfig(
  text: string,
  file: string,
  options: { use?: 'check' | 'load' } = {},
): { config?: BrokerConfig; diagnostics: Diagnostic[] } {
  const relax = (reader: YamlReader): void => {
    if (options.use !== 'load') return;
    for (const d of reader.diagnostics) if (WARNINGS_AT_LOAD.has(d.code)) d.severity = 'warning';
  };
  // Most configs are plain YAML that readQuickYaml reads in a fraction of parseDocument's time
  // and memory (100,000 rules: a second instead of a minute, megabytes instead of a gigabyte).
  // A config it cannot read, or one with an error, goes through parseDocument, which reports
  // YAML errors too; both read into the same nodes, so the reader says the same either way.
  const quick = readQuickYaml(text);
  if (quick !== undefined) {
    const reader = new YamlReader(file, quick.doc, quick.lines);
    const config = readConfig(reader, quick.doc.contents as YamlNode, file);
    relax(reader);
    if (!reader.diagnostics.some((d) => d.severity === 'error')) return { config, diagnostics: sorted(reader) };
  }
  const lines = new LineCounter();
  // yaml's own duplicate-key check compares each key with every key before it in its map, which
  // is quadratic in the number of projects (minutes for 100,000 rules): ours uses a Set.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const reader = new YamlReader(file, doc, lines);
  const problems = [...doc.errors, ...duplicateKeys(doc, lines)].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const problem of problems) {
    const { line, col } = lines.linePos(problem.pos[0]);
    const first = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // `subject: *` or `- **/x` is a YAML alias, not a pattern; say so where YAML does not.
    const message =
      'code' in problem && problem.code === 'MULTIPLE_DOCS'
        ? ONE_DOCUMENT
        : /alias/i.test(first)
          ? `${first} (a value that starts with '*' is a YAML alias: quote patterns, e.g. subject: "*…")`
          : first;
    reader.diagnostics.push({
      severity: 'error',
      code: 'ERR_CONFIG_INVALID',
      message: `YAML: ${message}`,
      position: { file, line, column: col },
    });
  }
  if (problems.length > 0) return { diagnostics: reader.diagnostics };
  if (aliasesExpandTooFar(doc)) {
    // Checked before anything walks the document: walking it would take as long as expanding it.
    reader.diagnostics.push({
      severity: 'error',
      code: 'ERR_CONFIG_INVALID',
      message: ALIASES_TOO_FAR,
      position: { file, line: 1, column: 1 },
    });
    return { diagnostics: reader.diagnostics };
  }
  const config = readConfig(reader, doc.contents as YamlNode, file);
  relax(reader);
  const diagnostics = sorted(reader);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { config, diagnostics };
}

/** The reader's diagnostics in file order. */
function sorted(reader: YamlReader): Diagnostic[] {
  return reader.diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}

/**
 * Parses and validates a broker config. Relative `keys.dir` and `audit.file` resolve against the
 * directory of `file`. Warnings come back in `diagnostics`.
 *
 * @example const { config } = parseConfig(readFileSync('stint.yml', 'utf8'), 'stint.yml');
 * @throws ConfigError (code ERR_CONFIG_INVALID) whose message has one `file:line:column: message` line per error
 */
export function parseConfig(text: string, file: string): { config: BrokerConfig; diagnostics: Diagnostic[] } {
  const { config, diagnostics } = validateConfig(text, file, { use: 'load' });
  if (config === undefined) throw new ConfigError(diagnostics);
  return { config, diagnostics };
}

/**
 * Reads and parses a config file.
 *
 * @throws StintError ERR_CONFIG_NOT_FOUND when it cannot be read; ConfigError when it is invalid
 */
export async function loadConfigFile(path: string): Promise<{ config: BrokerConfig; diagnostics: Diagnostic[] }> {
  return parseConfig(await readConfigText(path), path);
}

/**
 * The text of a config file. An unreadable one is ERR_FILE_ACCESS (whose user, owner and mode);
 * any other failure ERR_CONFIG_NOT_FOUND, naming the file as the user gave it (`shown`).
 */
export async function readConfigText(path: string, shown = path): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw (
      fileAccessError(error) ??
      new StintError(
        'ERR_CONFIG_NOT_FOUND',
        `cannot read config file ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        { cause: error },
      )
    );
  }
}

function readConfig(reader: YamlReader, root: YamlNode, file: string): BrokerConfig {
  const baseDir = dirname(resolve(file));
  const top = root === null || root === undefined ? undefined : reader.map(root, 'the config', TOP_KEYS);
  if (top === undefined) {
    if (root === null || root === undefined)
      reader.error(root, 'ERR_CONFIG_INVALID', 'the config is empty: it needs at least issuer, providers and projects');
    return {
      file,
      issuer: '',
      keys: { ...CONFIG_DEFAULTS.keys },
      store: { kind: 'memory', dir: resolve(baseDir, CONFIG_DEFAULTS.store.dir) },
      audit: { ...CONFIG_DEFAULTS.audit },
      rate_limit: { ...CONFIG_DEFAULTS.rate_limit },
      address_rate_limit: { ...CONFIG_DEFAULTS.address_rate_limit },
      connections_per_address: CONFIG_DEFAULTS.connections_per_address,
      trust_proxy: [],
      shutdown_grace: CONFIG_DEFAULTS.shutdown_grace,
      providers: {},
      projects: {},
    };
  }
  const get = (key: string) => top.get(key);

  const issuerEntry = get('issuer');
  const issuer = issuerEntry ? readBrokerIssuer(reader, issuerEntry.value) : undefined;
  if (!issuerEntry)
    reader.error(
      root,
      'ERR_CONFIG_INVALID',
      "missing 'issuer': the broker's public URL, e.g. issuer: https://stint.example.com",
    );

  const { keys, graceNode } = readKeys(reader, get('keys'), baseDir);
  const store = readStore(reader, get('store'), baseDir);
  const audit = readAudit(reader, get('audit'), baseDir);
  const rateLimitEntry = get('rate_limit');
  const rateFields = rateLimitEntry
    ? reader.map(rateLimitEntry.value, 'rate_limit', ['rps', 'burst', 'per_address', 'connections_per_address'])
    : undefined;
  const rate_limit = rateLimitFrom(reader, rateFields, 'rate_limit', CONFIG_DEFAULTS.rate_limit);
  const perAddress = rateFields?.get('per_address');
  const address_rate_limit = perAddress
    ? readRateLimit(reader, perAddress.value, 'rate_limit.per_address', CONFIG_DEFAULTS.address_rate_limit)
    : { ...CONFIG_DEFAULTS.address_rate_limit };
  const connectionsEntry = rateFields?.get('connections_per_address');
  const connections_per_address =
    (connectionsEntry ? readConnectionsPerAddress(reader, connectionsEntry.value) : undefined) ??
    CONFIG_DEFAULTS.connections_per_address;
  const trustProxyEntry = get('trust_proxy');
  const trust_proxy = trustProxyEntry ? readTrustProxy(reader, trustProxyEntry.value) : [];
  const graceEntry = get('shutdown_grace');
  let shutdown_grace =
    (graceEntry ? readDuration(reader, graceEntry.value, 'shutdown_grace') : undefined) ??
    CONFIG_DEFAULTS.shutdown_grace;
  if (graceEntry && shutdown_grace > SHUTDOWN_GRACE_MAX_SEC) {
    // Past ~24.8 days a timer overflows and the drain was cut off at once; long before that, a
    // drain that long is a typo (30d for 30s), and the orchestrator's stop timeout sits above it.
    reader.error(
      graceEntry.value,
      'ERR_CONFIG_INVALID',
      `shutdown_grace must be at most 1h (how long a stopping broker lets requests in flight finish; give the orchestrator's stop timeout a little more), got ${JSON.stringify(reader.scalar(graceEntry.value, 'shutdown_grace'))}`,
    );
    shutdown_grace = CONFIG_DEFAULTS.shutdown_grace;
  }
  const providers = readProviders(reader, get('providers'), issuer ?? '', root);
  const projects = readProjects(reader, get('projects'), providers, root);
  checkGraceCoversTokens(reader, keys, projects, graceNode ?? get('keys')?.key ?? root);
  return {
    file,
    issuer: issuer ?? '',
    keys,
    store,
    audit,
    rate_limit,
    address_rate_limit,
    connections_per_address,
    trust_proxy,
    shutdown_grace,
    providers,
    projects,
  };
}

/** `rate_limit.connections_per_address`: a whole number from 1. */
function readConnectionsPerAddress(reader: YamlReader, node: YamlNode): number | undefined {
  const value = reader.positiveNumber(node, 'rate_limit.connections_per_address');
  if (value === undefined) return undefined;
  if (Number.isInteger(value)) return value;
  reader.error(node, 'ERR_CONFIG_INVALID', 'rate_limit.connections_per_address must be a whole number, e.g. 256');
  return undefined;
}

/** `trust_proxy: [CIDR…]`: the proxies whose X-Forwarded-For the broker believes. */
function readTrustProxy(reader: YamlReader, node: YamlNode): string[] {
  const entries: string[] = [];
  for (const item of reader.list(node, 'trust_proxy') ?? []) {
    const value = reader.string(item, 'trust_proxy entry');
    if (value === undefined) continue;
    if (!isCidr(value)) {
      reader.error(
        item,
        'ERR_CONFIG_INVALID',
        `trust_proxy entry '${value}' is not an IP address or CIDR range, e.g. 10.0.0.0/8 or fd00::/8`,
      );
      continue;
    }
    entries.push(value);
  }
  const everyone = coversEveryAddress(entries);
  if (everyone !== undefined) {
    reader.warn(
      node,
      'WARN_TRUST_PROXY_ALL',
      `trust_proxy [${entries.join(', ')}] believes X-Forwarded-For from ${everyone}: any such client can name the address the broker logs, audits and rate-limits it by (rate_limit.per_address); list only your proxies' or load balancers' addresses`,
    );
  }
  return entries;
}

function readBrokerIssuer(reader: YamlReader, node: YamlNode): string | undefined {
  const value = reader.string(node, 'issuer');
  if (value === undefined) return undefined;
  const url = parseHttpUrl(value);
  if (url === undefined) {
    reader.error(
      node,
      'ERR_CONFIG_INVALID',
      `issuer '${redactUrl(value, { user: false })}' must be an absolute http(s) URL, e.g. https://stint.example.com`,
    );
    return undefined;
  }
  // OpenID Connect and RFC 8414 issuers have no query or fragment, and the broker serves its
  // endpoints under the issuer's path (docs/broker.md#endpoints), which a query would not be part of.
  if (/[?#]/.test(value) || url.username !== '' || url.password !== '') {
    reader.error(
      node,
      'ERR_CONFIG_INVALID',
      `issuer '${redactUrl(value, { user: false })}' must not carry a query, a fragment or a user name; give the broker's public URL, e.g. https://stint.example.com or https://ci.example.com/stint`,
    );
    return undefined;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    reader.warn(
      node,
      'WARN_ISSUER_INSECURE',
      `issuer '${value}' is plain http on a non-loopback host; serve the broker over https`,
    );
  }
  if (value.endsWith('/'))
    reader.warn(
      node,
      'WARN_ISSUER_SLASH',
      `issuer '${value}' ends with '/'; issuers are compared exactly, so drop the trailing slash`,
    );
  return value;
}

/**
 * A retired signing key stays in the JWKS for `keys.grace`, and a token it signed just before the
 * rotation lives up to its project's `max_ttl`: with a shorter grace such a token stops verifying
 * (here and at every resource server) before it expires. A warning, since `stint keys rotate --now`
 * cuts tokens short on purpose, and the operator may mean it; the longest `max_ttl` names the fix.
 */
function checkGraceCoversTokens(
  reader: YamlReader,
  keys: KeysConfig,
  projects: Record<string, ProjectConfig>,
  at: YamlNode | Scalar,
): void {
  const longest = Object.values(projects).reduce<ProjectConfig | undefined>(
    (found, project) => (found === undefined || project.max_ttl > found.max_ttl ? project : found),
    undefined,
  );
  if (longest === undefined || keys.grace >= longest.max_ttl) return;
  reader.warn(
    at,
    'WARN_KEYS_GRACE_SHORT',
    `keys.grace ${formatDuration(keys.grace)} is shorter than projects.${longest.name}.max_ttl ${formatDuration(longest.max_ttl)}: a token signed just before a key rotation outlives the key in the JWKS and stops verifying before it expires; set keys.grace to at least ${formatDuration(longest.max_ttl)}, or lower max_ttl`,
  );
}

function readKeys(
  reader: YamlReader,
  entry: Entry | undefined,
  baseDir: string,
): { keys: KeysConfig; graceNode?: YamlNode } {
  const keys: KeysConfig = { ...CONFIG_DEFAULTS.keys, dir: resolve(baseDir, CONFIG_DEFAULTS.keys.dir) };
  if (!entry) return { keys };
  const fields = reader.map(entry.value, 'keys', ['dir', 'algorithm', 'rotate_every', 'grace', 'ca_dir', 'pkcs11']);
  if (!fields) return { keys };
  const dir = fields.get('dir');
  if (dir) keys.dir = resolve(baseDir, reader.string(dir.value, 'keys.dir') ?? keys.dir);
  const algorithm = fields.get('algorithm');
  if (algorithm) {
    const value = reader.string(algorithm.value, 'keys.algorithm');
    if (value !== undefined && (KEY_ALGORITHMS as readonly string[]).includes(value))
      keys.algorithm = value as KeysConfig['algorithm'];
    else if (value !== undefined)
      reader.error(
        algorithm.value,
        'ERR_CONFIG_INVALID',
        `keys.algorithm '${value}' is not supported; use one of ${KEY_ALGORITHMS.join(', ')}`,
      );
  }
  const rotate = fields.get('rotate_every');
  if (rotate) keys.rotate_every = readDuration(reader, rotate.value, 'keys.rotate_every') ?? keys.rotate_every;
  const grace = fields.get('grace');
  if (grace) keys.grace = readDuration(reader, grace.value, 'keys.grace') ?? keys.grace;
  const caDir = fields.get('ca_dir');
  const caDirValue = caDir ? reader.string(caDir.value, 'keys.ca_dir') : undefined;
  if (caDirValue !== undefined) keys.ca_dir = resolve(baseDir, caDirValue);
  const pkcs11 = fields.get('pkcs11');
  if (pkcs11) {
    const parts = reader.map(pkcs11.value, 'keys.pkcs11', ['module', 'token', 'pin_env']);
    if (parts) {
      const value = (name: string): string | undefined => {
        const part = parts.get(name);
        const text = part ? reader.string(part.value, `keys.pkcs11.${name}`) : undefined;
        if (part === undefined)
          reader.error(pkcs11.value, 'ERR_CONFIG_INVALID', `keys.pkcs11 needs ${name} (see docs/pkcs11.md)`);
        return text;
      };
      const module = value('module');
      const token = value('token');
      const pinEnv = value('pin_env');
      if (pinEnv !== undefined && !isVariableName(pinEnv))
        reader.error(
          parts.get('pin_env')!.value,
          'ERR_CONFIG_INVALID',
          'keys.pkcs11.pin_env is the name of an environment variable that holds the PIN (e.g. STINT_HSM_PIN), never the PIN itself',
        );
      else if (module !== undefined && token !== undefined && pinEnv !== undefined)
        keys.pkcs11 = {
          module: resolve(baseDir, module),
          token,
          pin_env: pinEnv,
          pin_env_at: reader.place(parts.get('pin_env')!.value),
        };
    }
  }
  return grace === undefined ? { keys } : { keys, graceNode: grace.value };
}

function readAudit(reader: YamlReader, entry: Entry | undefined, baseDir: string): BrokerConfig['audit'] {
  const audit: BrokerConfig['audit'] = { file: resolve(baseDir, CONFIG_DEFAULTS.audit.file) };
  if (!entry) return audit;
  const fields = reader.map(entry.value, 'audit', ['file', 'stdout']);
  const file = fields?.get('file');
  if (file) audit.file = resolve(baseDir, reader.string(file.value, 'audit.file') ?? CONFIG_DEFAULTS.audit.file);
  const stdout = fields?.get('stdout');
  // Also each line on stdout, for a log shipper; the file stays the record (docs/broker.md#the-audit-log).
  if (stdout && reader.boolean(stdout.value, 'audit.stdout') === true) audit.stdout = true;
  return audit;
}
