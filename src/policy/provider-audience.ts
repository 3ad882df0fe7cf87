/**
 * Audiences other relying parties ask CI jobs for. An ID token is a credential for whatever
 * service its `aud` names: were a provider's `audience` one of these, every token a job hands
 * that service (or a third-party action that asks for the CI's default audience) could be
 * exchanged at the broker by whoever receives or logs it, within its lifetime. The client never
 * asks for them on a broker's say (src/client/audience.ts); this is the broker's side.
 *
 * Compared without case and without a trailing slash: a near-miss spelling is still that
 * service's audience to a reader of the config, and is refused rather than argued with.
 */
const FOREIGN_AUDIENCES: readonly { test: (audience: string) => boolean; service: string }[] = [
  { test: (a) => a === 'sts.amazonaws.com', service: "AWS STS's audience (AssumeRoleWithWebIdentity)" },
  {
    // api://AzureADTokenExchange, and the national clouds' …USGov and …China.
    test: (a) => a.startsWith('api://azureadtokenexchange'),
    service: "Microsoft Entra workload identity federation's audience",
  },
  {
    test: (a) => /^(https:)?\/\/iam\.googleapis\.com\//.test(a),
    service: "Google Cloud workload identity federation's audience",
  },
  {
    test: (a) => /^https:\/\/github\.com(\/[^/]+)?$/.test(a),
    service:
      "GitHub's default audience (https://github.com/<owner>, which every step that calls getIDToken() without an audience gets)",
  },
  {
    test: (a) => /^https:\/\/buildkite\.com(\/[^/]+)?$/.test(a),
    service:
      "Buildkite's default audience (https://buildkite.com/<org>, which `buildkite-agent oidc request-token` gets without --audience)",
  },
  {
    test: (a) => a === 'https://gitlab.com',
    service: "GitLab.com's own URL (the audience of its old CI_JOB_JWT_V2, which many services' id_tokens use)",
  },
  { test: (a) => a === 'sigstore', service: "Sigstore's audience (keyless signing)" },
  { test: (a) => a === 'pypi' || a === 'testpypi', service: "PyPI's audience (trusted publishing)" },
  { test: (a) => a === 'npm:registry.npmjs.org', service: "npm's audience (trusted publishing)" },
  { test: (a) => a === 'rubygems.org', service: "RubyGems' audience (trusted publishing)" },
];

/**
 * What is wrong with `audience` as the `aud` a provider's ID tokens must carry, or undefined:
 * `error` when it is a well-known audience of another service or the CI's own issuer (what a
 * token meant for no one in particular carries), `warning` when it is merely not the broker's
 * issuer, which only this broker accepts. `fixed` is the audience the CI always mints for
 * (CircleCI's organization ID), where config-providers.ts has its own warning.
 *
 * @example
 * providerAudienceProblem('sts.amazonaws.com', 'https://gitlab.com', 'https://stint.example.com', undefined)
 * // { severity: 'error', service: "AWS STS's audience (AssumeRoleWithWebIdentity)" }
 */
export function providerAudienceProblem(
  audience: string,
  issuer: string | undefined,
  brokerIssuer: string,
  fixed: string | undefined,
): { severity: 'error'; service: string } | { severity: 'warning' } | undefined {
  const plain = audience.toLowerCase().replace(/\/+$/, '');
  const foreign = FOREIGN_AUDIENCES.find((f) => f.test(plain));
  if (foreign !== undefined) return { severity: 'error', service: foreign.service };
  if (issuer !== undefined && plain === issuer.toLowerCase().replace(/\/+$/, ''))
    return {
      severity: 'error',
      service: "the provider's own issuer (an audience that names no service in particular)",
    };
  if (audience === brokerIssuer || fixed !== undefined) return undefined;
  return { severity: 'warning' };
}
