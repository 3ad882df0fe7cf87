import { parseGithubSubject, providerModule } from '../providers/index.js';
import { hasWildcard, isWildcardOnly } from './pattern.js';
import { subjectProblem } from './subject.js';
import type { ProviderConfig } from './types.js';

/** A problem with one trust rule, located by the field it is about. */
export interface RuleProblem {
  severity: 'error' | 'warning';
  code: `ERR_${string}` | `WARN_${string}`;
  message: string;
  /** `subject`, `scopes[N]` or `claims.NAME`. */
  field: string;
}

/** Claims the broker checks itself (signature, issuer, audience, lifetime, replay); a rule cannot name them. */
const RESERVED_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/**
 * Everything wrong (errors) or risky (warnings) with a rule, on its own terms: the subject
 * pattern, its claims, and its scopes against the project's. Run at load so a broker never
 * starts with a rule that trusts more than it appears to.
 */
export function checkRule(
  rule: { subject: string; claims: Record<string, string[]>; scopes: string[] },
  provider: ProviderConfig,
  project: { name: string; scopes: string[] },
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const error = (code: `ERR_${string}`, field: string, message: string) =>
    problems.push({ severity: 'error', code, field, message });
  const warn = (code: `WARN_${string}`, field: string, message: string) =>
    problems.push({ severity: 'warning', code, field, message });

  const subject = rule.subject;
  const invalid = subjectProblem(subject);
  if (invalid !== undefined) error('ERR_SUBJECT_INVALID', 'subject', `${invalid}: ${JSON.stringify(subject)}`);
  else if (isWildcardOnly(subject)) {
    error(
      'ERR_POLICY_SUBJECT_WILDCARD',
      'subject',
      `subject ${JSON.stringify(subject)} is only wildcards: it would trust every job ${provider.name} issues a token for; name the repository, e.g. ${exampleSubject(provider)}`,
    );
  } else {
    checkOwner(subject, rule.claims, provider, error, warn);
    checkGreedyWildcard(subject, provider, warn);
  }

  for (const [name, values] of Object.entries(rule.claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      error(
        'ERR_CONFIG_INVALID',
        `claims.${name}`,
        name === 'sub'
          ? "claim 'sub' cannot be a claim condition: put it in the rule's subject"
          : `claim '${name}' is checked by the broker itself and cannot be a claim condition`,
      );
    }
    if (values.length === 0)
      error(
        'ERR_CONFIG_INVALID',
        `claims.${name}`,
        `claim '${name}' lists no values: give one value or a list of accepted values`,
      );
  }

  rule.scopes.forEach((scope, index) => {
    if (!project.scopes.includes(scope)) {
      error(
        'ERR_POLICY_SCOPE',
        `scopes[${index}]`,
        `scope '${scope}' is not one of project ${project.name}'s scopes (${project.scopes.join(', ') || 'none'}); add it to the project's scopes or remove it here`,
      );
    }
  });
  return problems;
}

/** The owner part of the subject must be literal under a shared issuer; GitHub lines should pin IDs. */
function checkOwner(
  subject: string,
  claims: Record<string, string[]>,
  provider: ProviderConfig,
  error: (code: `ERR_${string}`, field: string, message: string) => void,
  warn: (code: `WARN_${string}`, field: string, message: string) => void,
): void {
  const module = providerModule(provider.kind);
  const shared = module.sharedIssuers.includes(provider.issuer);
  const owner = module.subjectOwner(subject);
  // A subject that names no owner (a customised template such as `environment:production`) is
  // open unless the rule pins the owner by a signed claim: any customer can shape such a subject.
  const ownerOpen =
    owner !== undefined
      ? hasWildcard(owner)
      : !module.ownerClaims.some((name) => literalClaim(claims, name) || literalPair(subject, name));
  if (ownerOpen && shared) {
    const pinWith =
      module.ownerClaims[0] === undefined ? '' : `, or pin the owner with claims: { ${module.ownerClaims[0]}: '…' }`;
    error(
      'ERR_POLICY_OWNER_WILDCARD',
      'subject',
      `subject ${JSON.stringify(subject)} does not name a literal owner, and ${provider.issuer} issues tokens to every ${provider.kind} customer: write the owner out, e.g. ${exampleSubject(provider)}${pinWith}`,
    );
    return;
  }
  if (provider.kind !== 'github') return;

  const parsed = parseGithubSubject(subject);
  if (parsed === undefined) {
    if (!subject.startsWith('repo:')) {
      warn(
        'WARN_SUBJECT_SHAPE',
        'subject',
        `subject ${JSON.stringify(subject)} is not of GitHub's repo:OWNER/REPO:… form; it only matches a repository whose subject template was customised to exactly this shape`,
      );
    }
    return;
  }
  if (parsed.context === '') {
    error(
      'ERR_CONFIG_INVALID',
      'subject',
      `GitHub subject ${JSON.stringify(subject)} ends after the repository; GitHub subjects go on with :ref:refs/heads/BRANCH, :ref:refs/tags/TAG, :environment:NAME or :pull_request`,
    );
  }
  for (const [label, id] of [
    ['owner', parsed.ownerId],
    ['repository', parsed.repoId],
  ] as const) {
    if (id !== undefined && !/^[0-9]+$/.test(id)) {
      error(
        'ERR_CONFIG_INVALID',
        'subject',
        `the ${label} ID in ${JSON.stringify(subject)} must be digits (GitHub's numeric ID), got '${id}'`,
      );
    }
  }
  const ownerPinned = parsed.ownerId !== undefined || literalClaim(claims, 'repository_owner_id');
  const repoPinned = parsed.repoId !== undefined || literalClaim(claims, 'repository_id');
  if (hasWildcard(parsed.repo)) {
    // Every repository of the owner: the owner's ID is what keeps a re-registered name out.
    if (!ownerPinned) {
      const ownerId = literalValue(claims, 'repository_owner_id') ?? '<owner id>';
      warn(
        'WARN_SUBJECT_UNPINNED',
        'subject',
        `subject ${JSON.stringify(subject)} names the owner without its ID, so if ${parsed.owner} is renamed or deleted, whoever registers the name gets every repository this matches; pin it: repo:${parsed.owner}@${ownerId}/${parsed.repo}:${parsed.context} (the ID is the repository_owner_id claim)`,
      );
    }
  } else if (!ownerPinned || !repoPinned) {
    const ownerId = parsed.ownerId ?? literalValue(claims, 'repository_owner_id') ?? '<owner id>';
    const repoId = parsed.repoId ?? literalValue(claims, 'repository_id') ?? '<repository id>';
    const pinned = `repo:${parsed.owner}@${ownerId}/${parsed.repo}@${repoId}:${parsed.context}`;
    warn(
      'WARN_SUBJECT_UNPINNED',
      'subject',
      `subject ${JSON.stringify(subject)} names the repository without its IDs, so it would also trust a repository deleted and recreated under the same name; pin it: ${pinned} (IDs are the repository_owner_id and repository_id claims)`,
    );
  }
}

/** The one literal value a claim condition requires, if that is what it is. */
function literalValue(claims: Record<string, string[]>, name: string): string | undefined {
  const values = claims[name];
  return values?.length === 1 && !hasWildcard(values[0]!) ? values[0] : undefined;
}

/** True when the rule requires `name` to equal literal values (no wildcard). */
/**
 * CircleCI and Jenkins subjects separate their fields with `/`, which `**` crosses: literal text
 * after it can then come from a branch name (`x/vcs-ref/refs/heads/main` ends like main's subject).
 */
function checkGreedyWildcard(
  subject: string,
  provider: ProviderConfig,
  warn: (code: `WARN_${string}`, field: string, message: string) => void,
): void {
  if (provider.kind !== 'circleci' && provider.kind !== 'jenkins') return;
  const at = subject.indexOf('**');
  if (at === -1 || subject.slice(at).replace(/\*/g, '') === '') return;
  warn(
    'WARN_SUBJECT_GREEDY',
    'subject',
    `in ${provider.kind} subjects fields are separated by '/', which '**' crosses, so the text after it in ${JSON.stringify(subject)} can come from a branch name; use '*' for one field, or check the ref with claims`,
  );
}

/**
 * Whether a customised subject (`key:value:key:value…`, GitHub's include_claim_keys) carries
 * `name` with a literal value, e.g. `repository_owner_id:1234567:environment:production`.
 */
function literalPair(subject: string, name: string): boolean {
  const parts = subject.split(':');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] === name) return parts[i + 1] !== '' && !hasWildcard(parts[i + 1]!);
  }
  return false;
}

function literalClaim(claims: Record<string, string[]>, name: string): boolean {
  const values = claims[name];
  return values !== undefined && values.length > 0 && values.every((v) => !hasWildcard(v));
}

function exampleSubject(provider: ProviderConfig): string {
  switch (provider.kind) {
    case 'github':
      return 'repo:acme@1234567/warehouse@7654321:ref:refs/heads/main';
    case 'gitlab':
      return 'project_path:acme/warehouse:ref_type:branch:ref:main';
    case 'buildkite':
      return 'organization:acme:pipeline:warehouse:ref:refs/heads/main:commit:*:step:*';
    case 'circleci':
      return 'org/<org-id>/project/<project-id>/user/*';
    case 'jenkins':
      return 'https://jenkins.example.com/job/warehouse/job/main/';
  }
}
