import type { CodeWithStatus } from '../lib/errors.js';
import { ciDescriptor } from '../providers/index.js';
import type { CiIdentity } from '../providers/types.js';
import { compilePattern } from './pattern.js';
import type { Denial, FieldComparison } from './types.js';

/** What a caller is told when the policy may not tell them more (`disclose` false). */
export const GENERIC_HINT = 'this token is not allowed to get tokens for this project';

/**
 * What to tell the owner of a denied job, from the first comparison that failed on the rule
 * that came closest: "ref refs/heads/feature-x is not allowed for project warehouse". It quotes
 * the token's side only, never what a rule wants: a caller whose owner NAME is in the policy may
 * be whoever registered a deleted owner's name, and the trusted owner or repository ID is what
 * they would need to know. The denial's reason (the audit log's) has both sides.
 */
export function hintFor(failed: FieldComparison, project: string, identity: CiIdentity): string {
  const subject = identity.subject;
  const ci = ciDescriptor(identity.provider);
  const ids = ci.subject.fields?.ids;
  if (ids !== undefined && (failed.field === ids.owner || failed.field === ids.repo)) {
    const label =
      failed.field === ids.repo ? `repository ${identity.repository ?? '?'}` : `owner ${identity.owner ?? '?'}`;
    return `${label} has ID ${failed.got ?? '(none)'}, which is not the ID project ${project} trusts (was it deleted and recreated under the same name?)`;
  }
  const guarded = ci.claims.guarded.find((g) => g.claim === failed.field && g.value === failed.got);
  if (guarded !== undefined) {
    return `${guarded.value} runs are not allowed for project ${project} unless a trust rule names ${guarded.claim}: ${guarded.value}`;
  }
  switch (failed.field) {
    case 'provider':
      return `project ${project} does not trust tokens from provider ${failed.got ?? '(none)'}`;
    case 'event_name':
      return `event ${failed.got ?? '(none)'} is not allowed for project ${project}`;
    case 'subject':
      return subjectHint(subject, String(failed.wanted), project, identity);
    default:
      return `${failed.field} ${failed.got ?? '(missing)'} is not allowed for project ${project}`;
  }
}

function subjectHint(subject: string, wanted: string, project: string, identity: CiIdentity): string {
  const fields = ciDescriptor(identity.provider).subject.fields;
  if (fields !== undefined) {
    const got = fields.parse(subject);
    const line = fields.parse(wanted);
    if (
      got !== undefined &&
      line !== undefined &&
      (got.owner !== line.owner || got.repo !== line.repo) &&
      !/\*/.test(line.owner + line.repo)
    ) {
      return `repository ${got.owner}/${got.repo} is not trusted by project ${project}`;
    }
    const context = got === undefined ? undefined : fields.describeContext(got.context);
    if (context !== undefined) return `${context} not allowed for project ${project}`;
  }
  const differing = fields === undefined ? differingPair(subject, wanted, identity) : undefined;
  if (differing !== undefined) return `${differing.label} ${differing.got} is not allowed for project ${project}`;
  return `subject ${subject} is not allowed for project ${project}`;
}

/**
 * The first pair of the token's subject that the rule's subject does not allow, for a CI that
 * writes its subject as `key<sep>value` pairs (GitLab, Buildkite, CircleCI): its label and the
 * token's value, never the rule's. Undefined when the two do not split into the same keys (a
 * value holding the separator, another shape), and then the hint quotes the whole subject.
 */
function differingPair(
  subject: string,
  wanted: string,
  identity: CiIdentity,
): { label: string; got: string } | undefined {
  const grammar = ciDescriptor(identity.provider).subject;
  if (grammar.pairs === undefined) return undefined;
  const got = splitPairs(subject, grammar.pairs, grammar.separator);
  const want = splitPairs(wanted, grammar.pairs, grammar.separator);
  if (got === undefined || want === undefined) return undefined;
  if (got.size !== want.size || [...got.keys()].some((key) => !want.has(key))) return undefined;
  for (const { key, label } of grammar.pairs) {
    const value = got.get(key);
    const pattern = want.get(key);
    if (value !== undefined && pattern !== undefined && !compilePattern(pattern).test(value))
      return { label, got: value };
  }
  return undefined;
}

/**
 * `subject` split at the keys of `pairs`, found in that order (any after the first may be
 * absent): `organization:acme:pipeline:warehouse:…` → acme, warehouse, …. Undefined when the
 * subject does not start with the first key.
 */
function splitPairs(
  subject: string,
  pairs: readonly { key: string }[],
  separator: string,
): Map<string, string> | undefined {
  const first = pairs[0];
  if (first === undefined || !subject.startsWith(`${first.key}${separator}`)) return undefined;
  const found: { key: string; start: number; marker: number }[] = [
    { key: first.key, start: first.key.length + 1, marker: 0 },
  ];
  let cursor = first.key.length + 1;
  for (const { key } of pairs.slice(1)) {
    const marker = subject.indexOf(`${separator}${key}${separator}`, cursor);
    if (marker === -1) continue;
    found.push({ key, start: marker + key.length + 2, marker });
    cursor = marker + key.length + 2;
  }
  const values = new Map<string, string>();
  for (const [i, pair] of found.entries())
    values.set(pair.key, subject.slice(pair.start, found[i + 1]?.marker ?? subject.length));
  return values;
}

/**
 * A typed denial. `hint` always holds what to fix; the broker shows it only when `disclose` is
 * true and `GENERIC_HINT` otherwise, while `stint policy explain` shows it to the admin.
 */
export function denial(
  code: CodeWithStatus<403>,
  reason: string,
  hint: string,
  disclose: boolean,
  identity?: CiIdentity,
): Denial {
  const out: Denial = { ok: false, code, reason, hint, disclose };
  if (identity !== undefined) out.identity = identity;
  return out;
}
