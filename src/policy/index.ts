/**
 * The broker's config and subject-claim policy: load and validate the YAML (positions kept for
 * `file:line:column` errors), compile it once, then `check` and `explain` decisions.
 */

export { formatDuration, parseDuration } from '../lib/duration.js';
export { compilePolicy } from './compile.js';
export {
  ASYMMETRIC_ALGORITHMS,
  CONFIG_DEFAULTS,
  loadConfigFile,
  parseConfig,
  readConfigText,
  TTL_CEILING,
  validateConfig,
} from './config.js';
export { GENERIC_HINT } from './denial.js';
export { ConfigError, formatDiagnostic } from './diagnostics.js';
export { compilePattern, type Pattern } from './pattern.js';
export { requestScopes } from './scopes.js';
export { MAX_SUBJECT_LENGTH, subjectProblem } from './subject.js';
export type * from './types.js';
