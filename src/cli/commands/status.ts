import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { StintError, UsageError } from '../../lib/errors.js';
import { fingerprint } from '../../lib/fingerprint.js';
import {
  canMintFreshTokens,
  detectTokenSource,
  PROVIDER_CHOICES,
  type ProviderChoice,
} from '../../providers/token-source.js';
import { type Command, writeLine } from '../io.js';
import { providerOption } from '../provider-option.js';

const HELP = `Usage: stint status [--provider NAME] [--id-token-env VAR] [--json]

Shows which token source \`stint exchange\` would use here and why, and the current
$STINT_TOKEN's project, scope, expiry and fingerprint. It never prints a token.

Options:
  --provider NAME       as for exchange: ${PROVIDER_CHOICES.join(' | ')} (auto is the default)
  --id-token-env VAR    as for exchange
  --json                one JSON object instead of text
  -h, --help            this help`;

/** What `stint status` reports; the `--json` shape. */
export interface StatusReport {
  token_source:
    | {
        found: true;
        kind: string;
        provider: string | null;
        variable: string | null;
        reason: string;
        fresh_per_request: boolean;
        id_token: IdTokenSummary | null;
      }
    | { found: false; error: string };
  stint_token: TokenSummary | { present: false } | { present: true; error: string };
}

interface IdTokenSummary {
  iss: string | null;
  sub: string | null;
  aud: string | string[] | null;
  expires_at: string | null;
  expired: boolean | null;
}

interface TokenSummary {
  present: true;
  project: string | null;
  scope: string | null;
  subject: string | null;
  issuer: string | null;
  audience: string | string[] | null;
  expires_at: string | null;
  expires_in: number | null;
  expired: boolean | null;
  fingerprint: string;
}

function claimString(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function audienceOf(value: unknown): string | string[] | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

/**
 * Builds the report. Decodes without verifying: this is a view for a human, not a trust
 * decision, and the values shown are claims, never the token itself.
 */
export function statusReport(
  env: NodeJS.ProcessEnv,
  options: { provider: ProviderChoice; idTokenEnv?: string },
  nowMs: number,
): StatusReport {
  let tokenSource: StatusReport['token_source'];
  try {
    const source = detectTokenSource(env, options);
    let idToken: IdTokenSummary | null = null;
    if (source.kind === 'env') {
      try {
        const claims = decodeJwt((env[source.variable] ?? '').trim());
        const exp = typeof claims.exp === 'number' ? claims.exp : null;
        idToken = {
          iss: claimString(claims.iss),
          sub: claimString(claims.sub),
          aud: audienceOf(claims.aud),
          expires_at: exp === null ? null : new Date(exp * 1000).toISOString(),
          expired: exp === null ? null : exp * 1000 <= nowMs,
        };
      } catch {
        idToken = null;
      }
    }
    tokenSource = {
      found: true,
      kind: source.kind,
      provider: source.provider ?? null,
      variable: source.kind === 'env' ? source.variable : null,
      reason: source.reason,
      fresh_per_request: canMintFreshTokens(source),
      id_token: idToken,
    };
  } catch (error) {
    if (error instanceof StintError && error.code === 'ERR_USAGE') throw new UsageError(error.message);
    if (!(error instanceof StintError)) throw error;
    tokenSource = { found: false, error: error.message };
  }

  const token = env.STINT_TOKEN?.trim();
  let stintToken: StatusReport['stint_token'];
  if (!token) {
    stintToken = { present: false };
  } else {
    try {
      const claims = decodeJwt(token);
      const exp = typeof claims.exp === 'number' ? claims.exp : null;
      stintToken = {
        present: true,
        project: claimString(claims.project),
        scope: claimString(claims.scope),
        subject: claimString(claims.sub),
        issuer: claimString(claims.iss),
        audience: audienceOf(claims.aud),
        expires_at: exp === null ? null : new Date(exp * 1000).toISOString(),
        expires_in: exp === null ? null : Math.round(exp - nowMs / 1000),
        expired: exp === null ? null : exp * 1000 <= nowMs,
        fingerprint: fingerprint(token),
      };
    } catch {
      stintToken = { present: true, error: 'STINT_TOKEN is set but is not a JWT' };
    }
  }
  return { token_source: tokenSource, stint_token: stintToken };
}

function humanDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** The text form of a report. */
export function formatStatus(report: StatusReport): string {
  const lines: string[] = [];
  const source = report.token_source;
  if (source.found) {
    lines.push(`token source: ${source.reason}`);
    lines.push(
      `  ${source.fresh_per_request ? 'mints a fresh ID token per request, with the audience asked for' : `reads ${source.variable}: one single-use ID token`}`,
    );
    if (source.id_token) {
      const t = source.id_token;
      lines.push(`  id token: iss ${t.iss ?? '-'}, aud ${JSON.stringify(t.aud)}, sub ${t.sub ?? '-'}`);
      if (t.expires_at) lines.push(`  id token ${t.expired ? 'expired at' : 'expires at'} ${t.expires_at}`);
    } else if (source.kind === 'env') {
      lines.push(`  ${source.variable} does not hold a JWT`);
    }
  } else {
    lines.push(`token source: none: ${source.error}`);
  }
  const token = report.stint_token;
  if (!token.present) {
    lines.push('STINT_TOKEN: not set');
  } else if ('error' in token) {
    lines.push(`STINT_TOKEN: ${token.error}`);
  } else {
    lines.push(`STINT_TOKEN: project ${token.project ?? '-'}, scope ${token.scope ?? '-'}`);
    if (token.expires_at !== null && token.expires_in !== null) {
      lines.push(
        `  ${token.expired ? `expired ${humanDuration(token.expires_in)} ago` : `expires in ${humanDuration(token.expires_in)}`} (${token.expires_at})`,
      );
    }
    lines.push(`  subject ${token.subject ?? '-'}`);
    lines.push(`  issuer ${token.issuer ?? '-'}, audience ${JSON.stringify(token.audience)}`);
    lines.push(`  fingerprint ${token.fingerprint}`);
  }
  return lines.join('\n');
}

export const run: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      provider: { type: 'string', default: 'auto' },
      'id-token-env': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const provider = providerOption(values.provider);
  const report = statusReport(io.env, { provider, idTokenEnv: values['id-token-env'] }, Date.now());
  writeLine(io.stdout, values.json ? JSON.stringify(report, null, 2) : formatStatus(report));
  return 0;
};
