/**
 * The action's signing set-up. Loaded with `import()` only when the `signing` input is set, so
 * the YAML parser and the signing code stay out of the main bundle's start-up path.
 */
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import type { SigningSummary } from '../audit/summary.js';
import type { HttpClient } from '../lib/http.js';
import {
  parseSigningProfiles,
  type SecretSource,
  type SigningProfile,
  type SigningProfiles,
  secretSources,
  writableConfig,
} from '../signing/index.js';
import { publicKeyFingerprint as fingerprintOfKey } from '../signing/mtls-asn1.js';
import { writePrivateFile } from './files.js';

export interface ParsedSigning {
  profiles: SigningProfiles;
  /** Every secret value the profiles hold, with where it was given; mask them all before anything else. */
  secrets: SecretSource[];
}

/**
 * Parses the `signing` input (inline secrets allowed: the input is the action's own). Throws
 * `ERR_SIGNING_CONFIG` naming the profile and field.
 */
export function parseSigningInput(input: string, env: NodeJS.ProcessEnv): ParsedSigning {
  const profiles = parseSigningProfiles(input, { origin: 'action-input', env });
  return { profiles, secrets: secretSources(profiles) };
}

export interface InstalledSigning {
  /** The 0600 config file for `$STINT_CONFIG`. */
  configPath: string;
  /**
   * `STINT_SECRET_*_<USE>` variables the config refers to; every value is a secret already masked.
   * Not the stint token's variable (`stintTokenEnv`), which the caller exports with the token.
   */
  env: Record<string, string>;
  /** The profiles that send the stint token from `$STINT_TOKEN` (no variable of this use's own). */
  sendStintToken: string[];
  /** Whether the config names `stintTokenEnv`, which the caller must then export with the token. */
  namesStintTokenEnv: boolean;
  summaries: SigningSummary[];
  /** Every file written (config, mTLS certificate, key, CA). */
  files: string[];
  /** The first mtls profile's files, for the cert-path/key-path/ca-path outputs. */
  mtls?: { certPath: string; keyPath: string; caPath?: string };
  warnings: string[];
}

export interface InstallOptions {
  dir: string;
  /** This use of the action (`actionUseId`), which ends the names of the variables the config refers to. */
  use: string;
  /**
   * The variable this use exports its stint token in (`STINT_TOKEN_<USE>`), when it exports the
   * token: its bearer profiles without a token of their own send that, not `$STINT_TOKEN`, which
   * a later use of the action in the same job replaces with its own token.
   */
  stintTokenEnv?: string;
  mask: (secret: string) => void;
  /** For ephemeral mTLS certificates from the broker CA. */
  brokerUrl?: string;
  token?: string;
  http?: HttpClient;
  now?: () => number;
}

/**
 * Sets the profiles up for later steps: mTLS material (ephemeral: key here, certificate from the
 * broker CA; provided: checked and copied) as 0600 files, then the profiles with every secret
 * moved into an environment variable, and each mtls profile pointing at its files, written to
 * `<dir>/config.yml` (0600). The caller exports `env` (masked here first).
 */
export async function installSigning(parsed: ParsedSigning, options: InstallOptions): Promise<InstalledSigning> {
  const { yaml, env } = writableConfig(parsed.profiles, {}, options.use);
  // Mask first: the values are the secrets masked at parse time, but nothing that reaches the
  // environment file may depend on that.
  for (const value of Object.values(env)) options.mask(value);
  const config = JSON.parse(yaml) as { signing: Record<string, unknown> };
  const files: string[] = [];
  const warnings: string[] = [];
  const summaries: SigningSummary[] = [];
  let mtls: InstalledSigning['mtls'];
  const sendStintToken: string[] = [];
  let namesStintTokenEnv = false;
  for (const profile of parsed.profiles.profiles.values()) {
    const summary = describeProfile(profile);
    if (profile.type === 'bearer' && profile.tokens.length === 0) {
      if (options.stintTokenEnv === undefined) sendStintToken.push(profile.name);
      else {
        // This use's own token, by a name no later use of the action takes over. `source: stint`
        // goes with it: in a file, a profile with token_env sends that variable (DESIGN §4).
        const { source: _source, ...rest } = config.signing[profile.name] as Record<string, unknown>;
        config.signing[profile.name] = { ...rest, token_env: options.stintTokenEnv };
        namesStintTokenEnv = true;
      }
    }
    if (profile.type === 'mtls') {
      const { setUpMtls, mtlsConfigAfterSetUp } = await import('../signing/mtls.js');
      const setUpOptions = {
        dir: join(options.dir, 'mtls'),
        ...(options.brokerUrl !== undefined ? { brokerUrl: options.brokerUrl } : {}),
        ...(options.token !== undefined ? { token: options.token } : {}),
        ...(options.http !== undefined ? { http: options.http } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
        // setUpMtls calls this with the private key before writing it, so the key is masked
        // before the first file holds it; masking setUp.secrets again below is a harmless repeat.
        onSecret: options.mask,
      };
      const setUp = await setUpMtls(profile as unknown as import('../signing/mtls.js').MtlsProfile, setUpOptions);
      for (const secret of setUp.secrets) options.mask(secret);
      files.push(
        setUp.certPath,
        setUp.keyPath,
        ...(setUp.caPath ? [setUp.caPath] : []),
        ...(setUp.serverCaPath ? [setUp.serverCaPath] : []),
      );
      warnings.push(...setUp.warnings);
      config.signing[profile.name] = mtlsConfigAfterSetUp(setUp);
      summary.detail = `${setUp.source}, serial ${setUp.serial}`;
      summary.keyFingerprint = setUp.keyFingerprint;
      summary.certificate = { subject: setUp.subject, notAfter: setUp.notAfter, fingerprint: setUp.fingerprint };
      mtls ??= { certPath: setUp.certPath, keyPath: setUp.keyPath, ...(setUp.caPath ? { caPath: setUp.caPath } : {}) };
    }
    summaries.push(summary);
  }
  const configPath = join(options.dir, 'config.yml');
  writePrivateFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  files.push(configPath);
  return {
    configPath,
    env,
    sendStintToken,
    namesStintTokenEnv,
    summaries,
    files,
    ...(mtls ? { mtls } : {}),
    warnings,
  };
}

/** Names, types, algorithms and public-key fingerprints, for the job summary. Never a secret. */
export function describeProfile(profile: SigningProfile): SigningSummary {
  const summary: SigningSummary = { name: profile.name, type: profile.type, detail: '' };
  switch (profile.type) {
    case 'hmac':
      summary.detail =
        profile.format === 'generic'
          ? `generic, ${profile.algorithm}, header ${profile.header}`
          : `format ${profile.format}`;
      if (profile.secrets.length > 1) summary.detail += `, ${profile.secrets.length} secrets (rotation)`;
      break;
    case 'http-signature': {
      summary.detail = `alg ${profile.alg}${profile.keyid ? `, keyid ${profile.keyid}` : ''}`;
      const fp = profile.alg === 'hmac-sha256' ? undefined : publicKeyFingerprint(profile.keys[0]);
      if (fp) summary.keyFingerprint = fp;
      break;
    }
    case 'jwt': {
      summary.detail = `alg ${profile.alg}, ttl ${profile.ttl}s`;
      const fp = profile.alg.startsWith('HS') ? undefined : publicKeyFingerprint(profile.keys[0]);
      if (fp) summary.keyFingerprint = fp;
      break;
    }
    case 'bearer':
      summary.detail = `${profile.tokens.length === 0 ? 'the stint token' : 'a static token'} in ${profile.query ? `query parameter ${profile.query}` : `header ${profile.header}`}`;
      break;
    case 'oauth2': {
      // Refined by src/signing/oauth2.ts: tokenUrl, clientId, auth.method.
      const { tokenUrl, clientId, auth } = profile as {
        tokenUrl?: unknown;
        clientId?: unknown;
        auth?: { method?: unknown };
      };
      summary.detail = [
        typeof auth?.method === 'string' ? auth.method : '',
        typeof clientId === 'string' ? `client ${clientId}` : '',
        typeof tokenUrl === 'string' ? `at ${tokenUrl}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      break;
    }
    default:
      summary.detail = '';
  }
  return summary;
}

/**
 * `sha256:<hex>` of the public key's SPKI, for a PEM or JWK private key. Only public keys are
 * fingerprinted: a hash of a shared (HMAC) secret would let anyone test guesses of a weak one.
 */
function publicKeyFingerprint(privateKey: string | undefined): string | undefined {
  if (privateKey === undefined) return undefined;
  try {
    const key = privateKey.trim().startsWith('{')
      ? createPrivateKey({ key: JSON.parse(privateKey), format: 'jwk' })
      : createPrivateKey(privateKey);
    return fingerprintOfKey(key);
  } catch {
    return undefined;
  }
}
