import { claimString, fullRef, type ProviderModule, parseUrl, refType, subjectOf } from './module.js';
import type { CiIdentity, Claims } from './types.js';

/**
 * Jenkins with the OpenID Connect Provider plugin (`oidc-provider`). Issuer `<JENKINS_URL>/oidc`
 * (a folder-scoped issuer adds the folder's path). One issuer per controller, so no stranger's
 * tokens carry it.
 *
 * Claims are templates the admin configures; the plugin's defaults are `sub` = the job's URL
 * (`https://jenkins.example.com/job/warehouse/job/main/`) and `build_number`. Common additions
 * are `job_name` (`${JOB_NAME}`), `branch_name`, `git_commit`, `node_name`. stint reads those
 * names when present.
 */
export const jenkins: ProviderModule = {
  kind: 'jenkins',
  algorithms: ['RS256'],
  sharedIssuers: [],
  ownerClaims: [],
  describeIssuer(iss) {
    const url = parseUrl(iss);
    if (url === undefined || !/\/oidc$/.test(url.pathname)) return undefined;
    return `Jenkins at ${url.host}${url.pathname.slice(0, -'/oidc'.length)}`;
  },
  normalise(claims: Claims): CiIdentity {
    const ref = fullRef('branch', claimString(claims, 'branch_name'));
    return {
      provider: 'jenkins',
      subject: subjectOf(claims),
      repository: claimString(claims, 'job_name'),
      repository_id: undefined,
      owner: undefined,
      owner_id: undefined,
      ref,
      ref_type: refType(ref),
      sha: claimString(claims, 'git_commit'),
      workflow_ref: undefined,
      job_workflow_ref: undefined,
      run_id: claimString(claims, 'build_number'),
      run_attempt: undefined,
      environment: undefined,
      actor: undefined,
      event: undefined,
    };
  },
  subjectOwner() {
    return undefined;
  },
  subjectRepository() {
    // The subject is the job URL, whose shape the admin's claim templates decide.
    return undefined;
  },
};
