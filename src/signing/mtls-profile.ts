/**
 * The `mtls` signing profile (docs/signing.md#mtls): where the client certificate comes from.
 *
 * ```yaml
 * internal-api: { type: mtls, source: ephemeral, key_type: ec }          # key + CSR here, certificate from the broker CA
 * partner-api:  { type: mtls, source: provided, cert_file: certs/client.pem, key_env: CLIENT_KEY, chain_file: certs/chain.pem }
 * legacy-api:   { type: mtls, source: provided, p12_env: CLIENT_P12_B64, passphrase_env: CLIENT_P12_PASS }
 * ```
 * Any profile may add `server_ca` / `server_ca_file`: the CA that signed the *server's*
 * certificate, when it is not in the system trust store (for `stint request`); and `servername`:
 * the name sent as SNI and checked against the server's certificate, for an upstream that serves
 * several virtual hosts on one address (the URL may then name the address).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { dirname, isAbsolute, resolve } from 'node:path';
import { oneOf, optionalString } from './fields.js';
import type { ParseContext } from './types.js';

/** Text given inline (or from an environment variable), or a file to read when it is needed. */
export type MaterialSource = { readonly inline: string } | { readonly file: string };

export type MtlsMaterial =
  | {
      readonly kind: 'pem';
      readonly cert: MaterialSource;
      readonly key: MaterialSource;
      readonly chain?: MaterialSource;
      readonly passphrase?: string;
    }
  | { readonly kind: 'p12'; readonly p12: MaterialSource; readonly passphrase: string };

export type EphemeralMtlsProfile = {
  readonly type: 'mtls';
  readonly name: string;
  readonly source: 'ephemeral';
  /** Key made in the job: EC P-256 (default) or RSA 2048. */
  readonly keyType: 'ec' | 'rsa';
  readonly serverCa?: MaterialSource;
  /** SNI and the name the server's certificate must carry, instead of the URL's host. */
  readonly servername?: string;
};

export type ProvidedMtlsProfile = {
  readonly type: 'mtls';
  readonly name: string;
  readonly source: 'provided';
  readonly material: MtlsMaterial;
  readonly serverCa?: MaterialSource;
  readonly servername?: string;
};

export type MtlsProfile = EphemeralMtlsProfile | ProvidedMtlsProfile;

const COMMON_FIELDS = ['source', 'server_ca', 'server_ca_file', 'servername'];
const PEM_FIELDS = ['cert', 'cert_file', 'key_file', 'chain', 'chain_file'];

/**
 * Parses an `mtls` profile mapping. Certificates may be inline or in files; private keys, PKCS#12
 * bundles and passphrases are secrets (inline only in the action input, else `*_env`), or — for
 * keys and bundles — a file path (`key_file`, `p12_file`), which is what the action writes back
 * after it has set a profile up. Relative paths resolve against the config file's directory, or
 * the working directory for the action input.
 *
 * @example
 * parseMtlsProfile({ type: 'mtls', source: 'ephemeral' }, ctx) // → { source: 'ephemeral', keyType: 'ec', … }
 */
export function parseMtlsProfile(raw: Record<string, unknown>, ctx: ParseContext): MtlsProfile {
  const source = oneOf(ctx, raw, 'source', ['ephemeral', 'provided'] as const);
  const base = ctx.file === undefined ? process.cwd() : dirname(resolve(ctx.file));
  const serverCa = certificateSource(ctx, raw, 'server_ca', base);
  const servername = serverName(ctx, raw);
  const common = {
    type: 'mtls' as const,
    name: ctx.profile,
    ...(serverCa === undefined ? {} : { serverCa }),
    ...(servername === undefined ? {} : { servername }),
  };

  if (source === 'ephemeral') {
    const keyType = oneOf(ctx, raw, 'key_type', ['ec', 'rsa'] as const, 'ec');
    ctx.allowOnly(raw, [...COMMON_FIELDS, 'key_type']);
    return { ...common, source, keyType };
  }

  const p12 = ctx.optionalSecret('p12', raw);
  const passphrase = ctx.optionalSecret('passphrase', raw);
  const p12File = pathField(ctx, raw, 'p12_file', base);
  const hasPem = raw.cert !== undefined || raw.cert_file !== undefined;
  if ((p12.length > 0 || p12File !== undefined) && hasPem)
    ctx.fail(
      'p12',
      'give either a PKCS#12 bundle (p12, p12_env or p12_file) or PEM (cert/cert_file with key), not both',
    );

  if (p12.length > 0 || p12File !== undefined) {
    if (p12.length > 1) ctx.fail('p12s', 'give one PKCS#12 bundle');
    if (p12.length > 0 && p12File !== undefined) ctx.fail('p12_file', 'give only one of p12, p12_env and p12_file');
    const inline = p12[0];
    if (inline !== undefined && !/^[A-Za-z0-9+/=\s]+$/.test(inline))
      ctx.fail(
        raw.p12_env === undefined ? 'p12' : 'p12_env',
        'must be the PKCS#12 bundle in base64 (e.g. base64 -w0 client.p12)',
      );
    ctx.allowOnly(raw, [...COMMON_FIELDS, 'p12_file']);
    return {
      ...common,
      source,
      material: {
        kind: 'p12',
        p12: inline !== undefined ? { inline } : { file: p12File as string },
        passphrase: passphrase[0] ?? '',
      },
    };
  }

  const cert = certificateSource(ctx, raw, 'cert', base);
  // Reported after the unknown fields (allowOnly): a misspelt `cert_fle` is named as such.
  if (cert === undefined)
    ctx.missing(
      'cert',
      'source: provided needs cert or cert_file (PEM, with key/key_env/key_file), or p12/p12_env/p12_file (PKCS#12)',
    );
  const keys = ctx.optionalSecret('key', raw);
  const keyFile = pathField(ctx, raw, 'key_file', base);
  if (keys.length > 1) ctx.fail('keys', 'give one private key');
  if (keys.length > 0 && keyFile !== undefined) ctx.fail('key_file', 'give only one of key, key_env and key_file');
  const keyText = keys[0];
  if (keyText === undefined && keyFile === undefined) {
    ctx.missing(
      'key',
      ctx.origin === 'file'
        ? 'is required: give key_env: VAR or key_file: PATH'
        : 'is required: give key: PEM, key_env: VAR or key_file: PATH',
    );
  }
  if (keyText !== undefined) checkKey(ctx, keyText, passphrase[0], raw.key_env === undefined ? 'key' : 'key_env');
  const chain = certificateSource(ctx, raw, 'chain', base);
  ctx.allowOnly(raw, [...COMMON_FIELDS, ...PEM_FIELDS]);
  return {
    ...common,
    source,
    material: {
      kind: 'pem',
      cert: cert as MaterialSource, // allowOnly threw if it was missing
      key: keyText !== undefined ? { inline: keyText } : { file: keyFile as string },
      ...(chain === undefined ? {} : { chain }),
      ...(passphrase[0] === undefined ? {} : { passphrase: passphrase[0] }),
    },
  };
}

/** `field` (inline PEM, checked now) or `field_file` (a path, read when needed). Certificates are public. */
function certificateSource(
  ctx: ParseContext,
  raw: Record<string, unknown>,
  field: string,
  base: string,
): MaterialSource | undefined {
  const inline = optionalString(ctx, raw, field);
  const file = pathField(ctx, raw, `${field}_file`, base);
  if (inline !== undefined && file !== undefined)
    ctx.fail(`${field}_file`, `give either ${field} or ${field}_file, not both`);
  if (inline !== undefined) {
    try {
      new X509Certificate(inline);
    } catch {
      ctx.fail(field, 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)');
    }
    return { inline };
  }
  return file === undefined ? undefined : { file };
}

/**
 * A DNS name for SNI. RFC 6066 carries host names only, never an IP address (Node would send none
 * and warn), and a name with a port or a scheme is a mistake worth saying at load time.
 */
function serverName(ctx: ParseContext, raw: Record<string, unknown>): string | undefined {
  const value = optionalString(ctx, raw, 'servername');
  if (value === undefined) return undefined;
  const label = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
  const labels = value.replace(/\.$/, '').split('.');
  if (isIP(value) !== 0 || /^\[.*\]$/.test(value) || value.length > 253 || !labels.every((l) => label.test(l)))
    ctx.fail(
      'servername',
      'must be a DNS host name such as api.internal.example.com (SNI carries no IP address, port or scheme)',
    );
  return value.replace(/\.$/, '').toLowerCase();
}

function pathField(ctx: ParseContext, raw: Record<string, unknown>, field: string, base: string): string | undefined {
  const value = optionalString(ctx, raw, field);
  if (value === undefined) return undefined;
  return isAbsolute(value) ? value : resolve(base, value);
}

function checkKey(ctx: ParseContext, text: string, passphrase: string | undefined, field: string): void {
  try {
    createPrivateKey(passphrase === undefined ? text : { key: text, passphrase });
  } catch {
    // Never echo the parser's message: it can quote key bytes.
    ctx.fail(
      field,
      'must be a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted ones need passphrase/passphrase_env)',
    );
  }
}
