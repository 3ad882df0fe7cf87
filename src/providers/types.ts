/** The CI systems stint knows how to read and normalise. */
export type ProviderKind = 'github' | 'gitlab' | 'circleci' | 'jenkins' | 'buildkite';

/** Decoded JWT claims, as the CI issued them. */
export type Claims = Record<string, unknown>;

/**
 * One shape for "who is this job", whatever CI it runs on. Every value is a string because
 * policy compares claims as strings (GitHub sends IDs as strings, others as numbers).
 * Fields a CI does not carry are undefined.
 */
export interface CiIdentity {
  provider: ProviderKind;
  subject: string;
  repository?: string;
  repository_id?: string;
  owner?: string;
  owner_id?: string;
  ref?: string;
  ref_type?: string;
  sha?: string;
  workflow_ref?: string;
  job_workflow_ref?: string;
  run_id?: string;
  run_attempt?: string;
  environment?: string;
  actor?: string;
  event?: string;
}
