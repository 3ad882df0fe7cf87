import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeEvent } from '../../audit/encode.js';
import type { AuditEvent } from '../../audit/events.js';
import { type AuditLog, openAuditLog } from '../../audit/log.js';
import { secretIn } from '../../audit/secret-guard.js';
import { EXPIRY_WARNING_MS } from '../../broker/expiry-watch.js';
import { isStintError, StintError, UsageError } from '../../lib/errors.js';
import { fileAccessError } from '../../lib/file-access.js';
import { own } from '../../lib/own.js';
import { loadConfigFile, parseDuration } from '../../policy/index.js';
import type { BrokerConfig } from '../../policy/types.js';
import { openStore } from '../../store/open.js';
import { type ApiKeyRecord, ReplicasShortError, type Store } from '../../store/types.js';
import { apiKeyIdOf, DEFAULT_API_KEY_LIFETIME_SEC, newApiKey } from '../../tokens/api-keys.js';
import { type BeforeCommit, insecurePrivateKeyFiles, type KeyInfo } from '../../tokens/keyset.js';
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
  revoke-api-key ID|KEY              a running broker refuses the key within a second; takes the id
                                    or the whole key (a leaked one, as found), never printed back

Every command takes --config F (default ./stint.yml); key files, the store and the audit log
are the ones that config names. Each change is written to its audit log, which is opened (and
the event checked) before anything changes: a log that cannot be written changes nothing.`;

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
  // The broker's own rule (a Secret mounted 0440 for the broker's group is fine where the dir is read-only).
  for (const { problem } of await insecurePrivateKeyFiles(config.keys.dir)) {
    writeLine(io.stderr, `stint: warning: the broker refuses to load this key: ${problem}`);
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
  const log = await openCliAudit(config);
  try {
    // Each new key is audited after it exists and before the manifest names it (the commit), so
    // a key that can sign is always in the log first; when the event cannot be written, the new
    // key is removed and nothing changes. Opening the key set may create the first key (or an
    // overdue successor): audited the same way.
    let rotating = false;
    const audited: KeyInfo[] = [];
    const beforeCommit: BeforeCommit = async ({ generated, dropped }) => {
      for (const key of generated) {
        const reason = emergency
          ? 'emergency rotation (stint keys rotate --now): old keys dropped at once'
          : rotating
            ? 'rotation scheduled by stint keys rotate'
            : key.state === 'current'
              ? 'first signing key, created by stint keys rotate'
              : 'overdue successor, scheduled by stint keys rotate';
        await log.append(
          {
            event: 'key_rotated',
            outcome: 'success',
            reason,
            kid: key.kid,
            alg: key.alg,
            activates_at: isoTime(key.activatesAtMs),
            dropped,
          },
          'the new key was removed and nothing was changed',
        );
        audited.push(key);
      }
    };
    let result: Awaited<ReturnType<typeof rotateConfiguredKeysNow>>;
    try {
      // The emergency path does not load the current keys first: it must work on a damaged dir too.
      if (emergency) result = await rotateConfiguredKeysNow(config.keys, io.env, beforeCommit);
      else {
        const keySet = await openConfiguredKeySet(config.keys, { env: io.env, beforeCommit });
        rotating = true;
        result = await keySet.rotate({ now: false });
      }
    } catch (error) {
      // Audited, then the commit failed and the new key was removed: say so next to the event.
      for (const key of audited.splice(0)) {
        await log
          .append({
            event: 'key_rotated',
            outcome: 'error',
            reason: `the change failed after it was audited (${error instanceof Error ? error.message : String(error)}); key ${key.kid} was removed and never signed`,
            code: isStintError(error) ? error.code : 'ERR_UNEXPECTED',
            kid: key.kid,
            alg: key.alg,
          })
          .catch(() => undefined);
      }
      throw error;
    }
    const { key } = result;
    // Keys opening the key set made first (an empty keys dir: the key that signs now) are said too.
    for (const made of audited) {
      if (made.kid === key.kid || emergency) continue;
      writeLine(
        io.stdout,
        made.state === 'current'
          ? `key ${made.kid} (${made.alg}) signs now (the keys dir had no key)`
          : `key ${made.kid} (${made.alg}) is published now and signs from ${isoTime(made.activatesAtMs)}`,
      );
    }
    // An overdue successor is made by opening the key set, so rotate() finds it waiting: made by
    // this run all the same, and said as such (the rotator's operator has new files to ship).
    if (!result.generated && !audited.some((made) => made.kid === key.kid)) {
      writeLine(
        io.stdout,
        `key ${key.kid} is already waiting: published now, signs from ${isoTime(key.activatesAtMs)}; nothing to do (use --now to rotate at once)`,
      );
      return 0;
    }
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
  } finally {
    await log.close();
  }
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
  // The name goes into the audit log, which never holds a secret: refused now, before anything.
  const secretLike = values.name === undefined ? undefined : secretIn(values.name);
  if (secretLike !== undefined)
    throw new UsageError(
      `--name looks like ${secretLike}, and the name is written to the audit log, which never holds a token or key; give a plain label (e.g. billing-api); nothing was created`,
    );
  const config = await loadConfig(io, values.config);
  if (config.projects[values.project] === undefined) {
    const known = Object.keys(config.projects).join(', ') || 'none';
    throw new StintError(
      'ERR_PROJECT_UNKNOWN',
      `project ${values.project} is not in ${config.file} (projects: ${known})`,
    );
  }
  const name = values.name ?? '';
  const log = await openCliAudit(config);
  try {
    const created = await newApiKey({
      project: values.project,
      name,
      ...(expiresInSec === undefined ? {} : { expiresInSec }),
    });
    const requestId = `cli-${randomBytes(8).toString('hex')}`;
    const event: AuditEvent = {
      event: 'apikey_created',
      request_id: requestId,
      outcome: 'success',
      reason: 'created by stint keys create-api-key',
      project: created.record.project,
      api_key_id: created.id,
      name,
      ...(created.record.expiresAtMs === undefined
        ? {}
        : { expires_at: Math.floor(created.record.expiresAtMs / 1000) }),
    };
    await withStore(config, io, async (store) => {
      // The store must take a write first: a key is never audited as created when the store
      // cannot be reached (nothing would be stored, and the log would say otherwise).
      await store.checkWrite().catch((error: unknown) => {
        if (!isStintError(error)) throw error;
        throw new StintError(error.code, `${error.message}; no key was created`, { cause: error });
      });
      // Audited before it is stored, so a key that can be used is always in the log; when the
      // event cannot be written, nothing is stored and the key is never shown.
      await log.append(event, 'nothing was created');
      try {
        await store.putApiKey(created.record);
      } catch (error) {
        await log
          .append({
            event: 'apikey_created',
            request_id: requestId,
            outcome: 'error',
            reason: `the key could not be stored after it was audited (${error instanceof Error ? error.message : String(error)}); it was never shown, so nothing can use it`,
            code: isStintError(error) ? error.code : 'ERR_UNEXPECTED',
            project: created.record.project,
            api_key_id: created.id,
          })
          .catch(() => undefined);
        throw error;
      }
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
  } finally {
    await log.close();
  }
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
  const [given, extra] = positionals;
  if (given === undefined || extra !== undefined)
    throw new UsageError('keys revoke-api-key takes one ID or KEY (see `stint keys list-api-keys`)');
  // The id, or the whole key (an operator revoking a leaked key pastes it): its id is inside it.
  // What was given is never printed back: it may be a secret, whole or in part.
  const value = given.trim();
  const id = API_KEY_ID.test(value) ? value : apiKeyIdOf(value);
  if (id === undefined)
    throw new UsageError(
      'keys revoke-api-key takes an API key id (the 16 hex digits after stint_sk_, as `stint keys list-api-keys` shows) or the whole key; what was given is neither (not repeated here, in case it is a secret)',
    );
  const config = await loadConfig(io, values.config);
  const log = await openCliAudit(config);
  try {
    return await withStore(config, io, async (store) => {
      const unknown = () =>
        new StintError('ERR_API_KEY_UNKNOWN', `no API key has id ${id}; see \`stint keys list-api-keys\``);
      const record = await store.getApiKey(id);
      if (record === undefined) throw unknown();
      const event: AuditEvent = {
        event: 'apikey_revoked',
        outcome: 'success',
        reason: 'revoked by stint keys revoke-api-key',
        project: record.project,
        api_key_id: id,
      };
      const prepared = log.prepare(event);
      // Revoked first, then audited: a failure in between leaves the key refused with its event
      // missing, never an event claiming a revocation that did not happen (SECURITY.md). A key
      // revoked before is revoked again too (its first time kept): with store.min_replica_acks that
      // is what confirms, on the replicas, a revocation they had not confirmed when it was made.
      const at = Date.now();
      let unconfirmed: ReplicasShortError | undefined;
      try {
        if (!(await store.revokeApiKey(id, at))) throw unknown();
      } catch (error) {
        // Written on the primary, and fewer replicas than asked confirmed it: in effect (every
        // broker reads the primary), but a failover to a replica that lacks it would undo it.
        if (!(error instanceof ReplicasShortError)) throw error;
        unconfirmed = error;
      }
      const revokedAtMs = (await store.getApiKey(id))?.revokedAtMs;
      if (revokedAtMs === undefined) throw unconfirmed ?? unknown();
      const again = `run \`stint keys revoke-api-key ${id}\` again until it exits 0 (it confirms the revocation and writes no second event)`;
      // A revocation is never moved: revoked before (an earlier run, or another process
      // meanwhile), its time stays and its event is the one written then.
      if (revokedAtMs !== at) {
        if (unconfirmed !== undefined)
          throw new ReplicasShortError(
            `API key ${id} was already revoked (at ${isoTime(revokedAtMs)}) and a running broker refuses it, but the replicas still do not confirm the revocation: ${unconfirmed.message}; until they do, a failover to a replica that lacks it would make the key valid again: ${again}`,
          );
        const confirmed = replicaAcks(config) > 0 ? '; the replicas store.min_replica_acks asks for hold it' : '';
        writeLine(
          io.stdout,
          `API key ${id} was already revoked (at ${isoTime(revokedAtMs)})${confirmed}; nothing to do`,
        );
        return 0;
      }
      const written =
        unconfirmed === undefined
          ? prepared
          : {
              ...prepared,
              reason: `${event.reason}; replica confirmation pending: ${unconfirmed.message}; a failover before the replicas hold it would make the key valid again: ${again}`,
              replicas_confirmed: false,
            };
      try {
        await log.write(written);
      } catch (error) {
        throw new StintError(
          'ERR_AUDIT_WRITE',
          `API key ${id} is revoked (a running broker refuses it from its next request${unconfirmed === undefined ? '' : `; not yet confirmed by the replicas store.min_replica_acks asks for: ${again}`}), but its apikey_revoked event could not be written to ${config.audit.file}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (unconfirmed !== undefined)
        throw new ReplicasShortError(
          `API key ${id} is revoked on the primary (a running broker refuses it from its next request; its apikey_revoked event is written), but the replicas did not confirm it: ${unconfirmed.message}; until they do, a failover to a replica that lacks it would make the key valid again: ${again}`,
        );
      writeLine(io.stdout, `revoked API key ${id}; a running broker refuses it from its next request`);
      return 0;
    });
  } finally {
    await log.close();
  }
}

/** store.min_replica_acks of a Redis store; 0 for the key file. */
function replicaAcks(config: BrokerConfig): number {
  return config.store.kind === 'redis' ? (config.store.min_replica_acks ?? 0) : 0;
}

/** The store the broker uses: the key file in the keys dir for memory, Redis otherwise. */
async function withStore<T>(config: BrokerConfig, io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  try {
    const store = await openStore(config.store, { keysDir: config.keys.dir, env: io.env, apiKeysOnly: true });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  } catch (error) {
    // The key file's store says ERR_API_KEYS_UNREADABLE (a broker answers 503); here a key file this
    // user may not read is said as every other file of stint's is (ERR_FILE_ACCESS: who, owner, fix).
    const refused =
      isStintError(error, 'ERR_API_KEYS_UNREADABLE') || isStintError(error, 'ERR_STORE_UNAVAILABLE')
        ? fileAccessError(error.cause)
        : undefined;
    throw refused ?? error;
  }
}

/** The 16 hex digits that name an API key (`stint_sk_<id>_<secret>`). */
const API_KEY_ID = /^[0-9a-f]{16}$/;

/** The config's audit log for one command, opened before anything changes (openCliAudit). */
interface CliAudit {
  /**
   * The event as it will be written (who ran it, a request id), checked now: throws while
   * nothing has changed yet when the log would refuse it (ERR_AUDIT_SECRET, ERR_AUDIT_VALUE).
   */
  prepare(event: AuditEvent): AuditEvent;
  /** Appends a prepared event. */
  write(event: AuditEvent): Promise<void>;
  /**
   * prepare + write. When the event cannot be written, throws with `undone` (what the caller
   * then leaves undone: "nothing was created") at the end of the message.
   */
  append(event: AuditEvent, undone?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the config's audit log before the command changes anything, so a log that cannot be
 * written (a directory others may write, a directory at its name, a broken last line, no
 * permission) stops the command while nothing has changed, and says so.
 */
async function openCliAudit(config: BrokerConfig): Promise<CliAudit> {
  const file = config.audit.file;
  let log: AuditLog;
  try {
    log = await openAuditLog(file);
  } catch (error) {
    throw auditFailure(error, file, config.file, 'nothing was changed');
  }
  const prepare = (event: AuditEvent): AuditEvent => {
    const prepared: AuditEvent = {
      ...event,
      // One command's events share an id when it gives one (a key created, then not stored).
      request_id: event.request_id ?? `cli-${randomBytes(8).toString('hex')}`,
      source: 'cli',
      actor: osUser(),
      instance: cliInstance(),
    };
    encodeEvent(prepared); // throws as append would, before anything is written or changed
    return prepared;
  };
  const write = async (event: AuditEvent): Promise<void> => {
    await log.append(event);
  };
  return {
    prepare,
    write,
    async append(event, undone) {
      try {
        await write(prepare(event));
      } catch (error) {
        throw undone === undefined ? error : auditFailure(error, file, config.file, undone);
      }
    },
    close: () => log.close(),
  };
}

/** An audit log failure as a StintError that says which log and `undone`; a bare errno (EISDIR) gets ERR_AUDIT_WRITE. */
function auditFailure(error: unknown, file: string, configFile: string, undone: string): StintError {
  const known = isStintError(error) ? error : fileAccessError(error);
  if (known !== undefined) return new StintError(known.code, `${known.message}; ${undone}`, { cause: error });
  return new StintError(
    'ERR_AUDIT_WRITE',
    `audit log ${file} (audit.file in ${configFile}) cannot be written: ${(error as Error)?.message ?? String(error)}; ${undone}`,
    { cause: error },
  );
}

/**
 * Who wrote a CLI event, in the broker's instance shape (`host:pid`, key-agreement.ts) marked as
 * the CLI's: `cli@host:pid`, so a merged trail tells a `stint keys` run from a broker on that host.
 * STINT_INSTANCE names a broker, never the CLI.
 */
function cliInstance(): string {
  return `cli@${hostname()}:${process.pid}`;
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
  // A loop, not Math.max(...rows): spreading 130,000 rows into arguments overflows the stack.
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (row[i] ?? '').length);
  }
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
