/**
 * The broker's config and subject-claim policy: load and validate the YAML (positions kept for
 * `file:line:column` errors), compile it once, then `check` and `explain` decisions.
 */
export { parseConfig, validateConfig, loadConfigFile, CONFIG_DEFAULTS, TTL_CEILING, ASYMMETRIC_ALGORITHMS } from './config.js';
export { compilePolicy } from './compile.js';
export { parseDuration, formatDuration } from './duration.js';
export { formatDiagnostic, ConfigError } from './diagnostics.js';
export { requestScopes } from './scopes.js';
export { subjectProblem, MAX_SUBJECT_LENGTH } from './subject.js';
export { GENERIC_HINT } from './denial.js';
export { compilePattern, type Pattern } from './pattern.js';
export type * from './types.js';
