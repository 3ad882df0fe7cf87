import { type Claims, claimString, defineCi, fullRef, isSet, parseUrl, refType, subjectOf } from './descriptor.js';

const TOKEN_VARIABLE = 'STINT_ID_TOKEN';

/**
 * Jenkins with the OpenID Connect Provider plugin (`oidc-provider`). Issuer `<JENKINS_URL>/oidc`
 * (a folder-scoped issuer adds the folder's path). One issuer per controller, so no stranger's
 * tokens carry it.
 *
 * Claims are templates the admin configures; the plugin's defaults are `sub` = the job's URL
 * (`https://jenkins.example.com/job/warehouse/job/main/`) and `build_number`. Common additions
 * are `job_name` (`${JOB_NAME}`), `branch_name`, `git_commit`, `node_name`. stint reads those
 * names when present.
 *
 * Subject: the job's URL, so its fields are separated by '/'; its shape is the admin's.
 *
 * Token: the plugin's ID token credential, bound into a variable with `withCredentials`.
 */
export const jenkins = defineCi({
  kind: 'jenkins',
  title: 'Jenkins',
  brand: 'Jenkins',
  issuer: {
    shared: [],
    algorithms: ['RS256'],
    shapes: '<JENKINS_URL>/oidc',
    describe(iss) {
      const url = parseUrl(iss);
      if (url === undefined || !/\/oidc$/.test(url.pathname)) return undefined;
      return `Jenkins at ${url.host}${url.pathname.slice(0, -'/oidc'.length)}`;
    },
    // the oidc-provider plugin's <JENKINS_URL>/oidc/.well-known/openid-configuration
    discovery: {
      jwksPath: '/jwks',
      claimsChosenBy: "the OpenID Connect Provider plugin's claim templates, which its admin writes",
    },
  },
  claims: {
    normalise(claims) {
      const ref = fullRef('branch', claimString(claims, 'branch_name'));
      return {
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
    ownerClaims: [],
    ownerIdentity: {},
    guarded: [],
    example: exampleClaims,
    exampleIssuer: (origin) => `${origin}/oidc`,
    audienceFix: (expected) =>
      `set the audience of the OpenID Connect id token credential the job binds to ${expected}`,
  },
  subject: {
    separator: '/',
    example: 'https://jenkins.example.com/job/warehouse/job/main/',
    owner: () => undefined,
    // The subject is the job URL, whose shape the admin's claim templates decide.
    repository: () => undefined,
  },
  token: {
    marker: { test: (env) => isSet(env.JENKINS_URL), text: 'JENKINS_URL is set' },
    source: {
      via: 'env',
      variable: TOKEN_VARIABLE,
      described: `${TOKEN_VARIABLE} bound from the OIDC credential`,
    },
    howToGet: (variable) =>
      `Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: '${variable}')]) { … }, or use the stint shared library of recipes/jenkins.`,
    settings: {
      brokerUrl: "the stint step's brokerUrl, or --broker",
      audience: 'the audience of the OIDC credential',
      audienceFix:
        "Jenkins mints the ID token with the audience of the OIDC id token credential the job binds: set that credential's audience to the broker's providers.jenkins.audience, by default the broker's issuer",
    },
  },
});

/** The claims of the plugin's ID token for build 42 of main of the warehouse job, with the admin's usual additions. */
function exampleClaims(issuer: string, audience: string): Claims {
  // The job URL is under the controller's URL, which the issuer extends with /oidc.
  const controller = issuer.replace(/\/oidc$/, '');
  return {
    iss: issuer,
    aud: audience,
    sub: `${controller}/job/warehouse/job/main/`,
    build_number: 42,
    job_name: 'warehouse/main',
    branch_name: 'main',
    git_commit: 'd6cd1e2bd19e03a81132a23b2025920577f84e37',
  };
}
