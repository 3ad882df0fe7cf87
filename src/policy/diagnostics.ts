import { StintError } from '../lib/errors.js';
import type { Diagnostic } from './types.js';

/**
 * `file:line:column: error|warning: message`, the form editors and CI annotations understand.
 *
 * @example formatDiagnostic(d) // 'stint.yml:12:7: error: unknown key "subjet" in projects.warehouse.trust[0] …'
 */
export function formatDiagnostic(d: Diagnostic): string {
  const { file, line, column } = d.position;
  return `${file}:${line}:${column}: ${d.severity}: ${d.message}`;
}

/**
 * A config that cannot be used. `message` holds one `file:line:column: message` line per error
 * (all of them, not just the first); `diagnostics` has every error and warning.
 */
export class ConfigError extends StintError {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      'ERR_CONFIG_INVALID',
      errors.map((d) => `${d.position.file}:${d.position.line}:${d.position.column}: ${d.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.diagnostics = diagnostics;
  }
}
