import type { CiFields } from './descriptor.js';
import type { ProviderKind } from './registry.js';

export type { Claims } from './descriptor.js';
export type { ProviderKind } from './registry.js';

/**
 * One shape for "who is this job", whatever CI it runs on. Every value is a string because
 * policy compares claims as strings (GitHub sends IDs as strings, others as numbers).
 * Fields a CI does not carry are undefined.
 */
export interface CiIdentity extends Partial<CiFields> {
  provider: ProviderKind;
  subject: string;
}
