import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditEvent } from '../../audit/events.js';
import { openAuditLog } from '../../audit/log.js';
import { EXPIRY_WARNING_MS } from '../../broker/expiry-watch.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { own } from '../../lib/own.js';
import { loadConfigFile, parseDuration } from '../../policy/index.js';
import type { BrokerConfig } from '../../policy/types.js';
import { openStore } from '../../store/open.js';
import type { ApiKeyRecord, Store } from '../../store/types.js';
import { createApiKey, DEFAULT_API_KEY_LIFETIME_SEC } from '../../tokens/api-keys.js';
import { insecurePrivateKeyFiles, type KeyInfo } from '../../tokens/keyset.js';
import { openConfiguredKeySet, rotateConfiguredKeysNow } from '../../tokens/open.js';
import { type CliIo, type Command, writeLine } from '../io.js';

const USAGE = `Usage: stint keys <command> [options]

Signing keys:
  list [--json]                     the broker's signing keys: current, next and those in grace
  rotate [--now]                    schedule a new key (published now, signs after the publish-ahead
                                    window); --now: emergency rotation, the new key signs at once and
                                    every old key is dropped from the JWKS at once

Project API keys (for resource servers calling /oauth2/introspect):
  create-api-key --project P [--name N] [--expires 90d|never]
                                    prints the key once on stdout; store it now. It expires in
                                    90 days unless --expires says otherwise (never: it does not;
                                    the broker then warns until it is rotated)
  list-api-keys [--json]            ids, projects, names, expiry, last use (at most a minute
                                    behind) and status (never the keys); warns about keys that
                                    expire within 14 days or never
  revoke-api-key ID                 a running broker refuses the key within a second

Every command takes --config F (default ./stint.yml); key files, the store and the audit log
are the ones that config names. Changes are written to its audit log.`;

type Subcommand = (args: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, Subcommand> = {
  list: listKeys,
  rotate: rotateKeys,
  'create-api-key': createKey,
  'list-api-keys': listKeysOfProjects,
  'revoke-api-key': revokeKey,
};

export const run: Command = async (args, io) => {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? 2 : 0;
  }
  const subcommand = own(subcommands, name);
  if (subcommand === undefined) throw new UsageError(`unknown command 'keys ${name}'; run \`stint keys --help\``);
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  return subcommand(rest, io);
};

const CONFIG_OPTION = { config: { type: 'string' } } as const;

async function loadConfig(io: CliIo, path: string | undefined): Promise<BrokerConfig> {
  try {
    const { config } = await loadConfigFile(resolve(io.cwd, path ?? 'stint.yml'));
    return config;
  } catch (error) {
    // Run from anywhere but the broker's dir, the default ./stint.yml is not there: say which flag.
    if (isStintError(error, 'ERR_CONFIG_NOT_FOUND') && path === undefined)
      throw new StintError(
        'ERR_CONFIG_NOT_FOUND',
        `${error.message} (give --config FILE: the broker's config, whose keys dir, store and audit log stint keys works on)`,
        { cause: error },
      );
    throw error;
  }
}

async function listKeys(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CONFIG_OPTION, json: { type: 'boolean' } }, strict: true });
  const config = await loadConfig(io, values.config);
  // Lists from the manifest without loading private keys, so an exposed key file is reported
  // (with the fix) rather than making the listing fail.
  const keySet = await openConfiguredKeySet(config.keys, { env: io.env, readOnly: true });
  const keys = keySet.list();
  for (const file of await insecurePrivateKeyFiles(config.keys.dir)) {
    writeLine(
      io.stderr,
      `stint: warning: ${file} is readable by other users and the broker refuses to start with it; run \`chmod 600 ${file}\` and rotate the key (\`stint keys rotate --now\`)`,
    );
  }
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify({ dir: keySet.dir, keys: keys.map(keyJson) }, null, 2));
    return 0;
  }
  if (keys.length === 0) {
    writeLine(io.stdout, `no signing keys in ${keySet.dir} yet; the broker creates one when it starts`);
    return 0;
  }
  writeLine(io.stdout, `signing keys in ${keySet.dir}:`);
  writeLine(
    io.stdout,
    table(
      ['KID', 'ALG', 'STATE', 'SIGNS FROM', 'RETIRES'],
      keys.map((k) => [
        k.kid,
        k.alg,
        k.state,
        isoTime(k.activatesAtMs),
        k.retiresAtMs === undefined ? '-' : isoTime(k.retiresAtMs),
      ]),
    ),
  );
  return 0;
}

async function rotateKeys(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CONFIG_OPTION, now: { type: 'boolean' } }, strict: true });
  const config = await loadConfig(io, values.config);
  const emergency = values.now === true;
  // The emergency path does not load the current keys first: it must work on a damaged dir too.
  // Opening the key set creates the first key when the dir has none: that key is audited too.
  const auditFirstKey = async ({ generated }: { generated: KeyInfo[] }): Promise<void> => {
    for (const first of generated) {
      await audit(config, {
        event: 'key_rotated',
        outcome: 'success',
        reason: 'first signing key, created by stint keys rotate',
        kid: first.kid,
        alg: first.alg,
        activates_at: isoTime(first.activatesAtMs),
        dropped: [],
      });
    }
  };
  const result = emergency
    ? await rotateConfiguredKeysNow(config.keys, io.env)
    : await (await openConfiguredKeySet(config.keys, { env: io.env, onChange: auditFirstKey })).rotate({ now: false });
  const { key } = result;
  if (!result.generated) {
    writeLine(
      io.stdout,
      `key ${key.kid} is already waiting: published now, signs from ${isoTime(key.activatesAtMs)}; nothing to do (use --now to rotate at once)`,
    );
    return 0;
  }
  await audit(config, {
    event: 'key_rotated',
    outcome: 'success',
    reason: emergency
      ? 'emergency rotation (stint keys rotate --now): old keys dropped at once'
      : 'rotation scheduled by stint keys rotate',
    kid: key.kid,
    alg: key.alg,
    activates_at: isoTime(key.activatesAtMs),
    dropped: result.dropped,
  });
  if (emergency) {
    writeLine(
      io.stdout,
      `key ${key.kid} (${key.alg}) signs now; dropped from the JWKS: ${result.dropped.join(', ') || 'none'}`,
    );
    writeLine(
      io.stdout,
      config.keys.pkcs11 === undefined
        ? 'running brokers sharing this keys dir pick it up within a second (within 30 s on a network file system, where they cannot watch it); tokens signed by the dropped keys no longer verify'
        : `running brokers on token ${config.keys.pkcs11.token} pick it up within 5 s; tokens signed by the dropped keys no longer verify`,
    );
  } else {
    writeLine(io.stdout, `key ${key.kid} (${key.alg}) is published now and signs from ${isoTime(key.activatesAtMs)}`);
  }
  return 0;
}

async function createKey(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CONFIG_OPTION, project: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' } },
    strict: true,
  });
  if (values.project === undefined || values.project === '')
    throw new UsageError('keys create-api-key needs --project P');
  // 90 days unless told otherwise; a key that never expires must be asked for by name.
  let expiresInSec: number | undefined = DEFAULT_API_KEY_LIFETIME_SEC;
  if (values.expires === 'never') expiresInSec = undefined;
  else if (values.expires !== undefined) {
    try {
      expiresInSec = parseDuration(values.expires);
    } catch {
      throw new UsageError(`--expires ${values.expires} is not a duration; give e.g. 90d, 12h or seconds, or never`);
    }
  }
  const config = await loadConfig(io, values.config);
  if (config.projects[values.project] === undefined) {
    const known = Object.keys(config.projects).join(', ') || 'none';
    throw new StintError(
      'ERR_PROJECT_UNKNOWN',
      `project ${values.project} is not in ${config.file} (projects: ${known})`,
    );
  }
  const name = values.name ?? '';
  const created = await withStore(config, io, (store) =>
    createApiKey(store, { project: values.project!, name, ...(expiresInSec === undefined ? {} : { expiresInSec }) }),
  );
  await audit(config, {
    event: 'apikey_created',
    outcome: 'success',
    reason: 'created by stint keys create-api-key',
    project: created.record.project,
    api_key_id: created.id,
    name,
    ...(created.record.expiresAtMs === undefined ? {} : { expires_at: Math.floor(created.record.expiresAtMs / 1000) }),
  });
  // The key goes to stdout alone, so `KEY=$(stint keys create-api-key …)` captures only it.
  writeLine(io.stdout, created.key);
  const expiry =
    created.record.expiresAtMs === undefined ? 'never expires' : `expires ${isoTime(created.record.expiresAtMs)}`;
  writeLine(
    io.stderr,
    `created API key ${created.id} for project ${created.record.project} (${expiry}); it is shown only this once: store it now`,
  );
  return 0;
}

async function listKeysOfProjects(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CONFIG_OPTION, json: { type: 'boolean' } }, strict: true });
  const config = await loadConfig(io, values.config);
  const records = await withStore(config, io, (store) => store.listApiKeys());
  const now = Date.now();
  // Warnings go to stderr, so `--json` on stdout stays one document.
  for (const r of records) {
    if (apiKeyStatus(r, now) !== 'active') continue;
    if (r.expiresAtMs === undefined) {
      writeLine(
        io.stderr,
        `stint: warning: API key ${r.id} (project ${r.project}) never expires; rotate it: create its successor (it expires in 90 days), move its user to it, then revoke ${r.id}`,
      );
    } else if (r.expiresAtMs - now < EXPIRY_WARNING_MS) {
      writeLine(
        io.stderr,
        `stint: warning: API key ${r.id} (project ${r.project}) expires ${isoTime(r.expiresAtMs)}; create its successor, move its user to it, then revoke ${r.id}`,
      );
    }
  }
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify({ api_keys: records.map((r) => apiKeyJson(r, now)) }, null, 2));
    return 0;
  }
  if (records.length === 0) {
    writeLine(io.stdout, 'no API keys; create one with `stint keys create-api-key --project P`');
    return 0;
  }
  writeLine(
    io.stdout,
    table(
      ['ID', 'PROJECT', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'],
      records.map((r) => [
        r.id,
        r.project,
        r.name || '-',
        isoTime(r.createdAtMs),
        r.expiresAtMs === undefined ? 'never' : isoTime(r.expiresAtMs),
        r.lastUsedAtMs === undefined ? '-' : isoTime(r.lastUsedAtMs),
        apiKeyStatus(r, now),
      ]),
    ),
  );
  return 0;
}

async function revokeKey(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: CONFIG_OPTION, allowPositionals: true, strict: true });
  const [id, extra] = positionals;
  if (id === undefined || extra !== undefined)
    throw new UsageError('keys revoke-api-key takes one ID (see `stint keys list-api-keys`)');
  const config = await loadConfig(io, values.config);
  const found = await withStore(config, io, (store) => store.revokeApiKey(id, Date.now()));
  if (!found) throw new StintError('ERR_API_KEY_UNKNOWN', `no API key has id ${id}; see \`stint keys list-api-keys\``);
  await audit(config, {
    event: 'apikey_revoked',
    outcome: 'success',
    reason: 'revoked by stint keys revoke-api-key',
    api_key_id: id,
  });
  writeLine(io.stdout, `revoked API key ${id}; a running broker refuses it from its next request`);
  return 0;
}

/** The store the broker uses: the key file in the keys dir for memory, Redis otherwise. */
async function withStore<T>(config: BrokerConfig, io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.store, { keysDir: config.keys.dir, env: io.env, apiKeysOnly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Appends one event to the config's audit log, with who ran the command (the OS user). */
async function audit(config: BrokerConfig, event: AuditEvent): Promise<void> {
  const log = await openAuditLog(config.audit.file);
  try {
    await log.append({ ...event, request_id: `cli-${randomBytes(8).toString('hex')}`, source: 'cli', actor: osUser() });
  } finally {
    await log.close();
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

function keyJson(k: KeyInfo) {
  return {
    kid: k.kid,
    alg: k.alg,
    state: k.state,
    created: isoTime(k.createdAtMs),
    activates_at: isoTime(k.activatesAtMs),
    retires_at: k.retiresAtMs === undefined ? null : isoTime(k.retiresAtMs),
  };
}

function apiKeyStatus(r: ApiKeyRecord, now: number): 'revoked' | 'expired' | 'active' {
  if (r.revokedAtMs !== undefined) return 'revoked';
  if (r.expiresAtMs !== undefined && r.expiresAtMs <= now) return 'expired';
  return 'active';
}

function apiKeyJson(r: ApiKeyRecord, now: number) {
  return {
    id: r.id,
    project: r.project,
    name: r.name,
    created: isoTime(r.createdAtMs),
    expires: r.expiresAtMs === undefined ? null : isoTime(r.expiresAtMs),
    revoked: r.revokedAtMs === undefined ? null : isoTime(r.revokedAtMs),
    last_used: r.lastUsedAtMs === undefined ? null : isoTime(r.lastUsedAtMs),
    status: apiKeyStatus(r, now),
  };
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
