/**
 * The job summary the action writes (Markdown for $GITHUB_STEP_SUMMARY): who ran, what was
 * granted, what signing was set up, and (appended by the post step) how clean-up went.
 * It holds fingerprints, never a token, key or secret. Every value is escaped: a branch name
 * or an actor comes from whoever pushed, and must not break the table or inject markup.
 */

import { brokerRequestId } from '../lib/retry.js';

/** Who the job is, as the broker saw it (ID token claims) or as the runner says (env). */
export interface JobIdentity {
  repository?: string;
  ref?: string;
  workflow?: string;
  actor?: string;
  runId?: string;
  runAttempt?: string;
  /** The OIDC subject the policy matched, when a token was exchanged. */
  subject?: string;
  event?: string;
  environment?: string;
  /** e.g. https://github.com, to link the run. */
  serverUrl?: string;
}

export interface GrantSummary {
  brokerUrl: string;
  project: string;
  scope: string;
  /** The granted token's `aud` (where it may be used); undefined when it names none. */
  audience: string | undefined;
  /** The audience of the job's ID token (what the broker checked), shown apart from what was granted. */
  idTokenAudience: string;
  expiresAt: string;
  /** `sha256:<hex>` of the token. */
  fingerprint: string;
  auditId: string;
}

export interface SigningSummary {
  name: string;
  type: string;
  /** e.g. `format github`, `alg ed25519`. */
  detail: string;
  /** `sha256:<hex>` of the public key, for asymmetric keys only. */
  keyFingerprint?: string;
  certificate?: { subject: string; notAfter: string; fingerprint: string };
}

export interface CleanupSummary {
  /** What happened to the token. */
  token: 'revoked' | 'expired' | 'kept' | 'failed' | 'none';
  /** Why, for `failed` (a warning was also written). */
  tokenDetail?: string;
  removed: number;
  failed: { path: string; reason: string }[];
}

/**
 * The summary main writes.
 *
 * @example
 * core.appendSummary(renderJobSummary({ identity, grant, signing: [] }));
 */
export function renderJobSummary(data: {
  identity: JobIdentity;
  grant?: GrantSummary;
  signing: SigningSummary[];
}): string {
  const { identity, grant, signing } = data;
  const lines: string[] = ['### stint', ''];
  const who: [string, string][] = [];
  if (identity.repository) who.push(['Repository', code(identity.repository)]);
  if (identity.ref) who.push(['Ref', code(identity.ref)]);
  if (identity.workflow) who.push(['Workflow', code(identity.workflow)]);
  if (identity.event) who.push(['Event', code(identity.event)]);
  if (identity.environment) who.push(['Environment', code(identity.environment)]);
  if (identity.actor) who.push(['Actor', code(identity.actor)]);
  if (identity.runId) {
    const run = `${identity.runId}${identity.runAttempt ? ` (attempt ${identity.runAttempt})` : ''}`;
    const link =
      identity.serverUrl && identity.repository
        ? runLink(identity.serverUrl, identity.repository, identity.runId)
        : undefined;
    who.push(['Run', link ? `[${text(run)}](${link})` : text(run)]);
  }
  if (identity.subject) who.push(['Subject', code(identity.subject)]);
  if (who.length > 0) lines.push(...table(['Job', ''], who), '');

  if (grant) {
    lines.push(
      `**Token granted** by ${code(grant.brokerUrl)} for an ID token with audience ${code(grant.idTokenAudience)}`,
      '',
      ...table(
        ['Project', 'Scope', 'Audience', 'Expires', 'Token fingerprint', 'Audit id'],
        [
          [
            code(grant.project),
            grant.scope ? code(grant.scope) : '(none)',
            grant.audience ? code(grant.audience) : '(none)',
            code(grant.expiresAt),
            code(grant.fingerprint),
            code(grant.auditId),
          ],
        ],
      ),
      '',
    );
  } else {
    lines.push('No token requested (no `broker-url`): signing only.', '');
  }

  if (signing.length > 0) {
    lines.push(
      '**Signing profiles**',
      '',
      ...table(
        ['Profile', 'Type', 'Details', 'Key fingerprint', 'Certificate'],
        signing.map((s) => [
          code(s.name),
          code(s.type),
          text(s.detail),
          s.keyFingerprint ? code(s.keyFingerprint) : '',
          s.certificate
            ? `${code(s.certificate.subject)} until ${code(s.certificate.notAfter)} (${code(s.certificate.fingerprint)})`
            : '',
        ]),
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Why main failed, as its `::error` annotation said it (already redacted: never a token). */
export interface FailureSummary {
  /** The annotation's text: `stint: <what to fix> [ERR_…]`. */
  annotation: string;
  /** The error's stable code, when it has one. */
  code?: string;
  /** The broker's request_id, which finds its audit event with the full reason. */
  requestId?: string;
}

/**
 * What main appends when it fails: the annotation's code and text and the broker's request_id, so
 * the summary keeps a record of the failure once the log is gone. `heading` starts the section
 * when main wrote nothing before it.
 *
 * @example
 * core.appendSummary(renderFailureSummary({ annotation, code: 'ERR_EXCHANGE_DENIED', requestId }, true));
 */
export function renderFailureSummary(failure: FailureSummary, heading: boolean): string {
  const lines = heading ? ['### stint', ''] : [];
  // An annotation says what to fix in a few sentences: kept whole up to a generous length.
  lines.push(`**Failed**${failure.code ? ` (${code(failure.code)})` : ''}: ${text(failure.annotation, 4000)}`, '');
  // Only an id shaped like the broker's: the summary is a file no mask covers.
  const requestId = brokerRequestId(failure.requestId);
  if (requestId) lines.push(`- Broker request id: ${code(requestId)} (its audit event holds the full reason)`, '');
  return `${lines.join('\n')}\n`;
}

/**
 * The clean-up outcome the post step appends.
 *
 * @example
 * core.appendSummary(renderCleanupSummary({ token: 'revoked', removed: 3, failed: [] }));
 */
export function renderCleanupSummary(outcome: CleanupSummary): string {
  const token = {
    revoked: 'revoked at the broker',
    expired: 'already expired at the broker; nothing to revoke',
    kept: 'not revoked (`revoke: false`); it expires by itself',
    failed: `revocation failed: ${text(outcome.tokenDetail ?? 'unknown error')}; it expires by itself`,
    none: 'none was issued',
  }[outcome.token];
  // A heading of its own, after a blank line: the post step's summary is shown after every later
  // step's (GitHub keeps one file per step), so it must neither continue their last table or
  // paragraph nor read as part of their section.
  const lines = [
    '',
    '### stint: clean-up',
    '',
    `- Token: ${token}`,
    `- Files: removed ${outcome.removed} under \`RUNNER_TEMP\``,
  ];
  for (const f of outcome.failed) lines.push(`- Could not remove ${code(f.path)}: ${text(f.reason)}`);
  return `${lines.join('\n')}\n\n`;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** An inline code span that cannot end early or break a table row. */
function code(value: string): string {
  return `\`${oneLine(value).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Plain text with Markdown and HTML neutralised, cut at `max` characters. */
function text(value: string, max = 500): string {
  return oneLine(value, max).replace(/[\\`*_[\]<>|#!]/g, (c) => `\\${c}`);
}

function oneLine(value: string, max = 500): string {
  return value.replace(/[\r\n\t]+/g, ' ').slice(0, max);
}

function runLink(serverUrl: string, repository: string, runId: string): string | undefined {
  if (!/^https:\/\/[^\s()]+$/.test(serverUrl) || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^\d+$/.test(runId))
    return undefined;
  return `${serverUrl.replace(/\/$/, '')}/${repository}/actions/runs/${runId}`;
}
