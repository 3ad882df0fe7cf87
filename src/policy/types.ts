import type { CodeWithStatus, ErrorCode, WarningCode } from '../lib/errors.js';
import type { CiIdentity, Claims, ProviderKind } from '../providers/types.js';
import type { RateLimit, StoreConfig } from '../store/types.js';

/** Where a value came from in its YAML file, for `file:line:column: message`. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** The broker's validated config (docs/policy.md#the-config-file). Durations are in seconds. */
export interface BrokerConfig {
  /** Path of the file it was loaded from (or `<embedded>`). */
  file: string;
  /** Public URL: `iss` of minted tokens, default audience expected in CI tokens. */
  issuer: string;
  keys: KeysConfig;
  store: StoreConfig;
  /** `stdout: true` also writes each audit line to the broker's stdout (for a log shipper). */
  audit: { file: string; stdout?: true };
  rate_limit: RateLimit;
  /** `rate_limit.per_address`: the bucket each client address (IPv6: its /64) draws from. */
  address_rate_limit: RateLimit;
  /** `rate_limit.connections_per_address`: open connections per TCP peer (IPv6: its /64); trusted proxies are not counted. */
  connections_per_address: number;
  /** Proxies (addresses, CIDR ranges) whose `X-Forwarded-For` is believed; empty: none. */
  trust_proxy: string[];
  /** How long a stopping broker lets requests in flight finish (SIGTERM/SIGINT), in seconds. */
  shutdown_grace: number;
  /** Trusted CI issuers by the name rules use in `provider:`. */
  providers: Record<string, ProviderConfig>;
  projects: Record<string, ProjectConfig>;
}

export interface KeysConfig {
  dir: string;
  algorithm: 'EdDSA' | 'ES256' | 'RS256';
  rotate_every: number;
  grace: number;
  /** Where the mTLS CA lives; default `<dir>/ca`. Set it when `dir` is read-only (a Secret). */
  ca_dir?: string;
  /**
   * Keep the token-signing keys and the mTLS CA key in a PKCS#11 token instead of `dir`
   * (docs/pkcs11.md); `dir` then holds nothing secret.
   */
  pkcs11?: {
    module: string;
    token: string;
    pin_env: string;
    /** `file:line:column` of `pin_env`, for the error when it is not set; a reload ignores it. */
    pin_env_at?: string;
  };
}

export interface ProviderConfig {
  /** The name rules refer to (the key under `providers:`). */
  name: string;
  /** Which CI's claim shape it issues; defaults to the name when that is a known kind. */
  kind: ProviderKind;
  /** Exact `iss` value; https unless `allow_insecure`. */
  issuer: string;
  /** `aud` the CI token must carry; defaults to the broker's `issuer`. */
  audience: string;
  /** Allowed JWS algorithms (asymmetric only); default per kind, e.g. ['RS256'] for GitHub. */
  algorithms: string[];
  allow_insecure: boolean;
}

export interface ProjectConfig {
  name: string;
  /** `aud` of minted tokens; default `stint:<name>`. */
  audience: string;
  /** The most any token for this project may carry. */
  scopes: string[];
  ttl: number;
  max_ttl: number;
  rate_limit?: RateLimit;
  trust: TrustRule[];
}

export interface TrustRule {
  /** Position of the rule in its project's `trust` list (0-based) and in the file. */
  index: number;
  position: SourcePosition;
  provider: string;
  subject: string;
  /** Claim name → accepted values (any of); each value exact or a pattern. */
  claims: Record<string, string[]>;
  /** Scopes this rule grants; the project's scopes when the rule lists none. */
  scopes: string[];
}

/** A warning or error found while loading or compiling, located in the file. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: ErrorCode | WarningCode;
  message: string;
  position: SourcePosition;
}

/** What `Policy.check` returns when a token may have a token for the project. */
export interface Grant {
  ok: true;
  project: string;
  identity: CiIdentity;
  /** Union of the matching rules' scopes, capped by the project's, in the project's order. */
  scopes: string[];
  /** Indexes (into the project's `trust`) of every rule that matched. */
  rules: number[];
  /** Things the audit event must flag, e.g. 'environment_unpinned'. */
  flags: string[];
}

/** Why a token gets nothing. `reason` is full detail for the audit log only. */
export interface Denial {
  ok: false;
  /** Every denial is a 403 (`access_denied`, or `invalid_scope` for a scope beyond the grant). */
  code: CodeWithStatus<403>;
  /** Full reason, always written to the audit log. */
  reason: string;
  /**
   * What to fix, safe to show the caller only when `disclose` is true: the token's repository
   * owner appears in that project's policy. Anyone else gets a generic denial.
   */
  hint: string;
  disclose: boolean;
  identity?: CiIdentity;
}

export type Decision = Grant | Denial;

/** One field comparison of `explain()`: wanted vs got. */
export interface FieldComparison {
  field: string;
  wanted: string | string[];
  got: string | undefined;
  matched: boolean;
}

export interface RuleExplanation {
  index: number;
  position: SourcePosition;
  provider: string;
  comparisons: FieldComparison[];
  matched: boolean;
  note?: string;
}

export interface Explanation {
  project: string;
  rules: RuleExplanation[];
  decision: Decision;
}

/** The compiled policy: built once at load, answers every exchange. */
export interface Policy {
  readonly config: BrokerConfig;
  /** Decides whether a token from `provider` (a configured provider name) with `claims` gets `project`. */
  check(project: string, provider: string, claims: Claims): Decision;
  explain(project: string, provider: string, claims: Claims): Explanation;
  /** Provider whose configured `issuer` equals `iss` exactly, if any. */
  providerForIssuer(iss: string): ProviderConfig | undefined;
}
