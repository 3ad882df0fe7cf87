import { parseGithubSubject } from '../providers/index.js';
import type { CiIdentity } from '../providers/types.js';
import type { Denial, FieldComparison } from './types.js';

/** What a caller is told when the policy may not tell them more (`disclose` false). */
export const GENERIC_HINT = 'this token is not allowed to get tokens for this project';

/**
 * What to tell the owner of a denied job, from the first comparison that failed on the rule
 * that came closest: "ref refs/heads/feature-x is not allowed for project warehouse".
 */
export function hintFor(failed: FieldComparison, project: string, identity: CiIdentity): string {
  const subject = identity.subject;
  switch (failed.field) {
    case 'provider':
      return `project ${project} does not trust tokens from provider ${failed.got ?? '(none)'}`;
    case 'repository_owner_id':
    case 'repository_id': {
      const label =
        failed.field === 'repository_id'
          ? `repository ${identity.repository ?? '?'}`
          : `owner ${identity.owner ?? '?'}`;
      return `${label} has ID ${failed.got ?? '(none)'}, but project ${project} trusts ID ${String(failed.wanted)} (was it deleted and recreated under the same name?)`;
    }
    case 'event_name':
      if (failed.got === 'pull_request_target') {
        return `pull_request_target runs are not allowed for project ${project} unless a trust rule names event_name: pull_request_target`;
      }
      return `event ${failed.got ?? '(none)'} is not allowed for project ${project}`;
    case 'subject':
      return subjectHint(subject, String(failed.wanted), project, identity);
    default:
      return `${failed.field} ${failed.got ?? '(missing)'} is not allowed for project ${project}`;
  }
}

function subjectHint(subject: string, wanted: string, project: string, identity: CiIdentity): string {
  if (identity.provider === 'github') {
    const got = parseGithubSubject(subject);
    const line = parseGithubSubject(wanted);
    if (
      got !== undefined &&
      line !== undefined &&
      (got.owner !== line.owner || got.repo !== line.repo) &&
      !/\*/.test(line.owner + line.repo)
    ) {
      return `repository ${got.owner}/${got.repo} is not trusted by project ${project}`;
    }
    if (got !== undefined) {
      if (got.context.startsWith('ref:')) return `ref ${got.context.slice(4)} is not allowed for project ${project}`;
      if (got.context.startsWith('environment:'))
        return `environment ${got.context.slice(12)} is not allowed for project ${project}`;
      if (got.context === 'pull_request') return `pull requests are not allowed for project ${project}`;
    }
  }
  if (identity.ref !== undefined && identity.repository !== undefined && identity.provider !== 'github') {
    return `ref ${identity.ref} of ${identity.repository} is not allowed for project ${project}`;
  }
  return `subject ${subject} is not allowed for project ${project}`;
}

/**
 * A typed denial. `hint` always holds what to fix; the broker shows it only when `disclose` is
 * true and `GENERIC_HINT` otherwise, while `stint policy explain` shows it to the admin.
 */
export function denial(
  code: `ERR_${string}`,
  reason: string,
  hint: string,
  disclose: boolean,
  identity?: CiIdentity,
): Denial {
  const out: Denial = { ok: false, code, reason, hint, disclose };
  if (identity !== undefined) out.identity = identity;
  return out;
}
