import { readFileSync } from 'node:fs';
import { type ValidationError, validateAction } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

// action.yml checked against SchemaStore's schema for action metadata (action-validator), the
// one the Marketplace listing needs: name, description, branding icon (a Feather icon GitHub
// offers) and colour. actionlint reads only workflows, so it never sees this file.
const metadata = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');

/**
 * The validator's errors, less one it cannot help: its schema predates `using: node24`, so it
 * reports `runs` as matching none of its shapes although the JavaScript shape fails only on that.
 */
function errorsOf(source: string): ValidationError[] {
  return validateAction(source).errors.filter((error) => !('path' in error && isOnlyNode24(error, source)));
}

function isOnlyNode24(error: ValidationError, source: string): boolean {
  if (!('path' in error) || error.path !== '/runs' || !/^\s+using: node24$/m.test(source)) return false;
  return (error.states ?? []).some(
    (state) => state.errors.length === 1 && 'path' in state.errors[0]! && state.errors[0]!.path === '/runs/using',
  );
}

describe('action.yml', () => {
  it('is valid action metadata with Marketplace branding', () => {
    expect(errorsOf(metadata)).toEqual([]);
    expect(metadata).toMatch(/^branding:\n {2}icon: \S+\n {2}color: \S+$/m);
  });

  it.each([
    ['an icon GitHub does not offer', metadata.replace(/icon: \S+/, 'icon: not-a-feather-icon'), '/branding/icon'],
    ['a colour GitHub does not offer', metadata.replace(/color: \S+/, 'color: magenta'), '/branding/color'],
  ])('would be refused with %s', (_, source, path) => {
    expect(source).not.toBe(metadata);
    expect(errorsOf(source).map((error) => ('path' in error ? error.path : error.title))).toContain(path);
  });
});
