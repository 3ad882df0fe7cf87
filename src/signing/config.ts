import { StintError } from '../lib/errors.js';
import { own } from '../lib/own.js';
import { createParseContext, type ProfileParseContext, type SecretBinding } from './context.js';
import { isRecord } from './fields.js';
import { parseMtlsProfile } from './mtls-profile.js';
import { parseOauth2Profile } from './oauth2.js';
import { parseBearerProfile, parseHmacProfile, parseHttpSignatureProfile, parseJwtProfile } from './profiles.js';
import { type ParseContext, PROFILE_TYPES, type ProfileOrigin, type SigningProfile } from './types.js';

/** Parsed profiles by name, plus what `writableConfig` needs to write them back without secrets. */
export interface SigningProfiles {
  readonly profiles: ReadonlyMap<string, SigningProfile>;
  /** Per profile: the mapping as given and the secrets it read. Internal to this module. */
  readonly sources: ReadonlyMap<string, { raw: Record<string, unknown>; bindings: SecretBinding[] }>;
}

export interface ParseOptions {
  origin: ProfileOrigin;
  env: Record<string, string | undefined>;
  /** The config file the map came from, for messages. */
  file?: string;
  /**
   * Parse only this profile (the CLI signs with one; the others' environment variables need not
   * be set). It must exist (ERR_SIGNING_PROFILE_UNKNOWN otherwise).
   */
  only?: string;
}

type Parser = (raw: Record<string, unknown>, ctx: ParseContext) => SigningProfile;

const PARSERS: Record<(typeof PROFILE_TYPES)[number], Parser> = {
  hmac: parseHmacProfile,
  'http-signature': parseHttpSignatureProfile,
  jwt: parseJwtProfile,
  bearer: parseBearerProfile,
  oauth2: parseOauth2Profile,
  mtls: parseMtlsProfile,
};

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Parses a `signing` map (already decoded from YAML or JSON): profile name → profile mapping.
 * Throws `StintError('ERR_SIGNING_CONFIG')` naming the profile, the field and what is allowed.
 *
 * @example
 * const { profiles } = parseSigningMap({ webhook: { type: 'hmac', format: 'github', secret_env: 'WEBHOOK_SECRET' } },
 *   { origin: 'file', env: process.env, file: 'stint.yml' });
 */
export function parseSigningMap(map: unknown, options: ParseOptions): SigningProfiles {
  const where = options.file ? `${options.file}: ` : '';
  if (!isRecord(map))
    throw new StintError(
      'ERR_SIGNING_CONFIG',
      `${where}signing: must be a mapping of profile names to profiles, e.g. webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }`,
    );
  const profiles = new Map<string, SigningProfile>();
  const sources = new Map<string, { raw: Record<string, unknown>; bindings: SecretBinding[] }>();
  const envNames = new Map<string, string>();
  if (options.only !== undefined && !Object.hasOwn(map, options.only))
    throw unknownProfile(options.only, Object.keys(map));
  for (const [name, raw] of Object.entries(map)) {
    if (options.only !== undefined && name !== options.only) continue;
    if (!PROFILE_NAME.test(name))
      throw new StintError(
        'ERR_SIGNING_CONFIG',
        `${where}signing profile "${name}": the name must be letters, digits, ., _ or - (at most 64)`,
      );
    const envName = envPrefix(name);
    const clash = envNames.get(envName);
    if (clash !== undefined)
      throw new StintError(
        'ERR_SIGNING_CONFIG',
        `${where}signing profile "${name}": the name is too close to "${clash}" (both become ${envName}_N); rename one`,
      );
    envNames.set(envName, name);
    const ctx: ProfileParseContext = createParseContext({
      origin: options.origin,
      env: options.env,
      ...(options.file === undefined ? {} : { file: options.file }),
      profile: name,
    });
    if (!isRecord(raw)) ctx.fail('type', `the profile must be a mapping with a type (${PROFILE_TYPES.join(', ')})`);
    const parser = typeof raw.type === 'string' ? own(PARSERS, raw.type) : undefined;
    if (parser === undefined) ctx.fail('type', `must be one of ${PROFILE_TYPES.join(', ')}`);
    profiles.set(name, parser(raw, ctx));
    sources.set(name, { raw, bindings: ctx.bindings });
  }
  return { profiles, sources };
}

/** The profile called `name`, or ERR_SIGNING_PROFILE_UNKNOWN listing the ones there are. */
export function getProfile(profiles: SigningProfiles, name: string): SigningProfile {
  const profile = profiles.profiles.get(name);
  if (profile === undefined) throw unknownProfile(name, [...profiles.profiles.keys()]);
  return profile;
}

function unknownProfile(name: string, known: readonly string[]): StintError {
  return new StintError(
    'ERR_SIGNING_PROFILE_UNKNOWN',
    `no signing profile "${name}"; ${known.length ? `the config has: ${known.join(', ')}` : 'the config has none'}`,
  );
}

/**
 * Every secret value the profiles hold (HMAC secrets, private keys, static tokens, client
 * secrets), so the caller can mask them before anything prints.
 */
export function secretValues(profiles: SigningProfiles): string[] {
  return [...new Set(secretSources(profiles).map((source) => source.value))];
}

/** One secret value of a profile, with where it was given, as errors about it name it. */
export interface SecretSource {
  value: string;
  /** `signing profile "webhook": field "secrets" (2 of 2)`: never the value. */
  where: string;
}

/**
 * Every secret value the profiles hold, each with the profile and field it came from, so that
 * an error about one (a secret too short to mask) says which it is.
 *
 * @example
 * secretSources(profiles) // [{ value: '…', where: 'signing profile "webhook": field "secret"' }]
 */
export function secretSources(profiles: SigningProfiles): SecretSource[] {
  const sources: SecretSource[] = [];
  for (const [name, { bindings }] of profiles.sources) {
    for (const { given, values } of bindings) {
      values.forEach((value, i) => {
        const which = values.length > 1 ? ` (${i + 1} of ${values.length})` : '';
        sources.push({ value, where: `signing profile "${name}": field "${given}"${which}` });
      });
    }
  }
  return sources;
}

/**
 * What the action writes to `$STINT_CONFIG`: the same profiles with every secret moved into an
 * environment variable `STINT_SECRET_<PROFILE>_<N>_<USE>` (referenced as `secret_env`, `key_env`,
 * …), and the variables to export. `use` names this use of the action (`actionUseId`): the
 * variables are exported job-wide, so a second use of the action in the same job, with the same
 * profile names, must not overwrite the ones the first use's config refers to. `yaml` is JSON, which is YAML too, so the CLI reads it without a
 * YAML parser. No secret is in `yaml`. `overrides` replaces a profile's mapping as written, e.g.
 * an mtls profile after `setUpMtls` by `mtlsConfigAfterSetUp(setUp)` (absolute file paths, no
 * secrets): do that for every mtls profile, since relative paths would resolve against the
 * written file's directory.
 *
 * @example
 * const { yaml, env } = writableConfig(parseSigningProfiles(input, { origin: 'action-input', env: process.env }), {}, 'K3X9QZ');
 * for (const v of Object.values(env)) core.setSecret(v);   // mask first
 * for (const [k, v] of Object.entries(env)) core.exportVariable(k, v);
 * writeFileSync(path, yaml, { mode: 0o600 });
 */
export function writableConfig(
  profiles: SigningProfiles,
  overrides: Readonly<Record<string, Record<string, unknown>>> = {},
  use?: string,
): { yaml: string; env: Record<string, string> } {
  const signing: Record<string, Record<string, unknown>> = {};
  const env: Record<string, string> = {};
  for (const [name, { raw, bindings }] of profiles.sources) {
    const override = overrides[name];
    if (override !== undefined) {
      signing[name] = override;
      continue;
    }
    const written: Record<string, unknown> = { ...raw };
    let n = 0;
    for (const { field, values } of bindings) {
      delete written[field];
      delete written[`${field}s`];
      const names = values.map((value) => {
        const envName = `${envPrefix(name)}_${++n}${use === undefined ? '' : `_${use}`}`;
        env[envName] = value;
        return envName;
      });
      written[`${field}_env`] = names.length === 1 ? names[0] : names;
    }
    signing[name] = written;
  }
  return { yaml: `${JSON.stringify({ signing }, null, 2)}\n`, env };
}

function envPrefix(profile: string): string {
  return `STINT_SECRET_${profile.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
