/** What a test adds to `githubBrokerConfig`'s broker: each goes in place, as YAML. */
export interface GithubBrokerOptions {
  /** The broker's own issuer, which is also the audience its ID tokens need. Default https://stint.test. */
  issuer?: string;
  /** The whole `keys:` line. Default `keys: { dir: keys }`. */
  keys?: string;
  /** More top-level settings, one a line: a store, rate_limit, trust_proxy, shutdown_grace… */
  settings?: string;
  /** More entries under `providers:`, indented two spaces, each ending with a newline. */
  providers?: string;
  /** More projects under `projects:`, indented two spaces, each ending with a newline. */
  projects?: string;
}

/**
 * The config of a broker that trusts one GitHub-shaped issuer of the test's own
 * (`startGithubIssuer`: plain http on loopback, hence `allow_insecure`) for project warehouse:
 * main of acme/warehouse, pinned by its IDs (owner 1234567, repository 7654321, as the issuer
 * mints them), scope read. Its keys are in `keys/` and its audit
 * log in `audit.jsonl`, beside the config (startBroker writes it in the broker's own dir). What a
 * test is about is what it passes.
 *
 * @example
 * startBroker({ configYaml: githubBrokerConfig(issuer.url, { settings: 'shutdown_grace: 1s' }) });
 */
export function githubBrokerConfig(issuerUrl: string, options: GithubBrokerOptions = {}): string {
  return `issuer: ${options.issuer ?? 'https://stint.test'}
${options.keys ?? 'keys: { dir: keys }'}
audit: { file: audit.jsonl }
${options.settings ?? ''}
providers:
  github: { issuer: ${issuerUrl}, allow_insecure: true }
${options.providers ?? ''}projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main
${options.projects ?? ''}`;
}
