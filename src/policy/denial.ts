import type { CodeWithStatus } from '../lib/errors.js';
import { ciDescriptor } from '../providers/index.js';
import type { CiIdentity } from '../providers/types.js';
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
  if (identity.ref !== undefined && identity.repository !== undefined && fields === undefined) {
    return `ref ${identity.ref} of ${identity.repository} is not allowed for project ${project}`;
  }
  return `subject ${subject} is not allowed for project ${project}`;
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
