import { join } from 'node:path';

/**
 * The embedded default for `stint serve --dev`: a small GitHub-only policy (not examples/stint.yml)
 * for project warehouse, trusting pushes to main and the production environment of acme/warehouse
 * from GitHub's own issuer only (so not `stint dev issuer`; `stint demo` swaps the issuer line,
 * src/demo/local-broker.ts), with the embedded store's state in `<cwd>/.stint/state`, keys under
 * `<cwd>/.stint/keys` and the audit log at `<cwd>/.stint/audit.jsonl`.
 * The issuer is the address the broker listens on, known only once it is bound.
 */
export function devConfigYaml(options: { issuer: string; cwd: string }): string {
  const q = (value: string): string => JSON.stringify(value);
  return `# stint serve --dev: embedded default (not for production)
issuer: ${q(options.issuer)}
keys: { dir: ${q(join(options.cwd, '.stint', 'keys'))}, algorithm: ES256, rotate_every: 30d, grace: 7d }
store: { dir: ${q(join(options.cwd, '.stint', 'state'))} }
audit: { file: ${q(join(options.cwd, '.stint', 'audit.jsonl'))} }
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    audience: https://api.warehouse.example.com
    scopes: [read, write, deploy]
    ttl: 15m
    max_ttl: 1h
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read, write]
      - provider: github
        subject: repo:acme/warehouse:environment:production
        claims: { repository_owner_id: "1234567" }
        scopes: [deploy]
`;
}
