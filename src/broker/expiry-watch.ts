/**
 * Lifetimes an operator must act on before they run out (docs/broker.md#expiry-and-rotation):
 * project API keys, the mTLS CA, the broker's serving certificate, and the signing-key schedule.
 * Each check sets gauges on /metrics and logs a warning with a stable code, at start and then
 * every EXPIRY_CHECK_MS; a warning about the same thing is repeated at most once a day, so a log
 * that is only read in the morning still has it, without a line every five minutes.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDuration } from '../lib/duration.js';
import type { WarningCode } from '../lib/errors.js';
import type { ApiKeyRecord } from '../store/types.js';
import type { BrokerContext } from './context.js';
import type { BrokerLog } from './log.js';
import type { Lifetimes } from './metrics.js';
import { tokenCaNotAfter } from './mtls-ca.js';

/**
 * "Nearing expiry": 14 days, the threshold DESIGN §4 sets for a provided client certificate, used
 * for every lifetime here (API keys, the serving certificate, the mTLS CA).
 */
export const EXPIRY_WARNING_MS = 14 * 86_400_000;
/** How often the lifetimes are read again (the gauges are at most this old). */
export const EXPIRY_CHECK_MS = 5 * 60_000;
/** The same warning is logged again after this long. */
const REPEAT_WARNING_MS = 86_400_000;
const DAY_MS = 86_400_000;

export interface ServingCertificate {
  /** The file given as --tls-cert, for messages. */
  file: string;
  /** The chain as served; its first certificate is the broker's own. */
  pem: string;
  /**
   * The file is a systemd credential (under `$CREDENTIALS_DIRECTORY`, deploy/systemd/tls.conf's
   * `LoadCredential=`): systemd copies it at start only, so a renewed one takes a restart.
   */
  credential?: boolean;
}

export interface ExpiryWatch {
  /** Reads every lifetime now, updates the gauges and logs what is due. Never throws. */
  check(): Promise<void>;
  stop(): void;
}

/**
 * Starts the checks: one at once, then every EXPIRY_CHECK_MS (the timer does not hold the process).
 *
 * @example
 * const watch = watchExpiries(broker.context, log, { servingCertificate: () => tls && { file, pem: tls.cert } });
 * // on SIGHUP, after swapping the certificate: void watch.check();
 */
export function watchExpiries(
  ctx: BrokerContext,
  log: BrokerLog,
  options: {
    servingCertificate?: () => ServingCertificate | undefined;
    intervalMs?: number;
    /**
     * False: set the gauges only. Workers of `stint serve --workers N` read the same lifetimes;
     * worker 1 alone warns, so a warning is in the log once, not N times.
     */
    warn?: boolean;
  } = {},
): ExpiryWatch {
  const warned = new Map<string, number>();
  /** Logs `message` unless the same `key` was logged within REPEAT_WARNING_MS. */
  const warnOnce = (key: string, fields: Record<string, unknown>, message: string): void => {
    if (options.warn === false) return;
    const t = ctx.now();
    const last = warned.get(key);
    if (last !== undefined && t - last < REPEAT_WARNING_MS) return;
    warned.set(key, t);
    log.warn(fields, message);
  };

  const check = async (): Promise<void> => {
    const t = ctx.now();
    const lifetimes: Lifetimes = { apiKeys: undefined, certificates: [], rotationDue: false };
    try {
      lifetimes.apiKeys = checkApiKeys(await ctx.store.listApiKeys(), t, warnOnce);
    } catch (error) {
      // The store's own errors are counted and logged where requests meet them; keep the last gauges.
      lifetimes.apiKeys = undefined;
      log.debug(`API key lifetimes not read: ${(error as Error).message}`);
    }
    const serving = options.servingCertificate?.();
    if (serving !== undefined) {
      const notAfterMs = firstCertificateNotAfter(serving.pem);
      if (notAfterMs !== undefined) {
        lifetimes.certificates.push({ certificate: 'serving', notAfterMs });
        checkServing(serving, notAfterMs, t, warnOnce);
      }
    }
    const caNotAfterMs = await readCaNotAfter(ctx, t).catch((error: unknown) => {
      log.debug(`mTLS CA expiry not read: ${(error as Error).message}`);
      return undefined;
    });
    if (caNotAfterMs !== undefined) {
      lifetimes.certificates.push({ certificate: 'mtls_ca', notAfterMs: caNotAfterMs });
      if (caNotAfterMs - t < EXPIRY_WARNING_MS) {
        warnOnce(
          'mtls_ca',
          { event: 'certificate_expiring', code: warning('WARN_CERT_EXPIRING'), certificate: 'mtls_ca' },
          ctx.keySet.token === undefined
            ? `mTLS CA certificate in ${ctx.caDir}: ${expiresIn(caNotAfterMs, t)}, not renewed yet; renewal (30 days ahead) happens at the next client certificate issued, if this broker may write ${ctx.caDir} (keys.ca_dir); check that dir and this log`
            : `mTLS CA certificate in ${ctx.keySet.token.where}: ${expiresIn(caNotAfterMs, t)}, not renewed yet; renewal (30 days ahead) happens at the next client certificate issued, in the token; check this log for PKCS#11 errors`,
        );
      }
    }
    lifetimes.rotationDue = checkRotation(ctx, t, warnOnce);
    ctx.metrics.lifetimes(lifetimes);
  };

  const timer = setInterval(() => void check(), options.intervalMs ?? EXPIRY_CHECK_MS);
  timer.unref();
  return {
    check,
    stop: () => clearInterval(timer),
  };
}

/** A catalogue code (src/lib/error-catalogue.ts), checked when it compiles. */
const warning = (code: WarningCode): WarningCode => code;

type WarnOnce = (key: string, fields: Record<string, unknown>, message: string) => void;

/**
 * Gauges for the active keys, and a warning for each that expires within 14 days or never. A key
 * with a revocation time is revoked whatever that time says (the revoking host's clock, maybe ahead).
 */
function checkApiKeys(records: ApiKeyRecord[], t: number, warnOnce: WarnOnce): Lifetimes['apiKeys'] {
  const active = records.filter(
    (r) => r.revokedAtMs === undefined && (r.expiresAtMs === undefined || r.expiresAtMs > t),
  );
  const expiring = new Map<string, number>();
  for (const r of active) {
    if (!expiring.has(r.project)) expiring.set(r.project, 0);
    const named = r.name ? `, ${r.name}` : '';
    const fields = { api_key_id: r.id, project: r.project };
    if (r.expiresAtMs === undefined) {
      warnOnce(
        `apikey-never:${r.id}`,
        { event: 'apikey_no_expiry', code: warning('WARN_APIKEY_NO_EXPIRY'), ...fields },
        `API key ${r.id} (project ${r.project}${named}) never expires (made before keys expired by default, or with --expires never); rotate it: create its successor with \`stint keys create-api-key --project ${r.project}\`, move its user to it, then revoke this one`,
      );
    } else if (r.expiresAtMs - t < EXPIRY_WARNING_MS) {
      expiring.set(r.project, (expiring.get(r.project) ?? 0) + 1);
      warnOnce(
        `apikey:${r.id}`,
        {
          event: 'apikey_expiring',
          code: warning('WARN_APIKEY_EXPIRING'),
          ...fields,
          expires_at: new Date(r.expiresAtMs).toISOString(),
        },
        `API key ${r.id} (project ${r.project}${named}) ${expiresIn(r.expiresAtMs, t)}; create its successor with \`stint keys create-api-key --project ${r.project}\`, move its user to it, then revoke this one`,
      );
    }
  }
  return {
    keys: active.flatMap((r) =>
      r.expiresAtMs === undefined ? [] : [{ id: r.id, project: r.project, expiresAtMs: r.expiresAtMs }],
    ),
    expiringByProject: expiring,
  };
}

function checkServing(serving: ServingCertificate, notAfterMs: number, t: number, warnOnce: WarnOnce): void {
  if (notAfterMs - t >= EXPIRY_WARNING_MS) return;
  const { file } = serving;
  const fields = { event: 'certificate_expiring', code: warning('WARN_CERT_EXPIRING'), certificate: 'serving' };
  const then = serving.credential
    ? 'Renew the file systemd copies it from (LoadCredential=), then restart the service (systemctl restart stint): systemd copies credentials at start only, so SIGHUP (systemctl reload) would read the old copy again.'
    : 'Renew it, then send SIGHUP.';
  warnOnce(
    'serving',
    fields,
    notAfterMs <= t
      ? `the TLS certificate in ${file} expired ${new Date(notAfterMs).toISOString()}; clients will refuse it. ${then}`
      : `the TLS certificate in ${file} ${expiresIn(notAfterMs, t)}. ${then}`,
  );
}

/**
 * Due when the key that signs has signed for `rotate_every` or longer and no successor is
 * published. A broker that may write its keys dir schedules successors itself well before that,
 * so this means a read-only dir whose rotator has not run, or maintenance that keeps failing.
 */
function checkRotation(ctx: BrokerContext, t: number, warnOnce: WarnOnce): boolean {
  const keys = ctx.keySet.list();
  const current = keys.find((k) => k.state === 'current');
  if (current === undefined || keys.some((k) => k.state === 'next')) return false;
  const rotateEveryMs = ctx.config.keys.rotate_every * 1000;
  if (t < current.activatesAtMs + rotateEveryMs) return false;
  warnOnce(
    `rotation:${current.kid}`,
    { event: 'key_rotation_due', code: warning('WARN_KEY_ROTATION_DUE'), kid: current.kid },
    `signing key ${current.kid} has signed since ${new Date(current.activatesAtMs).toISOString()}, longer than keys.rotate_every (${formatDuration(ctx.config.keys.rotate_every)}), and no successor is published: ${
      ctx.keySet.readOnlyDir
        ? `${ctx.keySet.dir} is read-only for this broker, so run \`stint keys rotate\` where it is writable and ship the result`
        : 'run `stint keys rotate`, and look in this log for why signing-key maintenance fails'
    }`,
  );
  return true;
}

/** The CA that signs now, as `<caDir>/ca.pem` holds it (certificate first). In a PKCS#11 token there is no file: not read. */
async function readCaNotAfter(ctx: BrokerContext, t: number): Promise<number | undefined> {
  // A CA in a PKCS#11 token: its certificate is an object in the token, beside its key.
  if (ctx.keySet.token !== undefined) return tokenCaNotAfter(ctx.keySet.token, t);
  let text: string;
  try {
    text = await readFile(join(ctx.caDir, 'ca.pem'), 'utf8');
  } catch {
    return undefined; // No CA yet: the broker makes one when it first issues a certificate.
  }
  return firstCertificateNotAfter(text);
}

/** The notAfter of the first PEM certificate in `pem` (never looks at anything else in it, such as a key). */
function firstCertificateNotAfter(pem: string): number | undefined {
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (match === null) return undefined;
  try {
    return Date.parse(new X509Certificate(match[0]).validTo);
  } catch {
    return undefined;
  }
}

function expiresIn(atMs: number, t: number): string {
  const days = Math.floor((atMs - t) / DAY_MS);
  const span = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`;
  return `expires ${new Date(atMs).toISOString()} (in ${span})`;
}
