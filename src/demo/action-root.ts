import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StintError } from '../lib/errors.js';

/**
 * The directory holding action.yml and the three bundles. The CLI runs from
 * `<root>/dist/cli/*.js` (and, in tests, this module from `<root>/src/demo/`): two levels up
 * either way, so the demo works from a clone without configuration.
 * Throws ERR_DEMO_NOT_BUILT naming what is missing and what to run.
 *
 * @example
 * const root = findActionRoot(); // → /home/me/stint
 */
export function findActionRoot(moduleUrl: string = import.meta.url): string {
  const file = fileURLToPath(moduleUrl);
  const here = dirname(file);
  // The single-file release asset (stint-cli-<version>.mjs) runs from wherever it was copied: it
  // carries the CLI, not the action, and two levels up is some unrelated dir.
  const fromBuild = basename(here) === 'cli' && basename(dirname(here)) === 'dist';
  const fromSource = basename(here) === 'demo' && basename(dirname(here)) === 'src';
  if (!fromBuild && !fromSource) {
    throw new StintError(
      'ERR_DEMO_NOT_BUILT',
      `the demo runs the GitHub Action, which the single-file CLI (${file}) does not carry: run it from the npm package (\`npm install ./stint-<version>.tgz\`, then \`npx stint demo\`) or from a clone of stint (\`npm ci && npm run build && npm run demo\`)`,
    );
  }
  const root = resolve(here, '..', '..');
  const needed = [
    'action.yml',
    join('dist', 'main', 'index.js'),
    join('dist', 'post', 'index.js'),
    join('dist', 'cli', 'index.js'),
  ];
  const missing = needed.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new StintError(
      'ERR_DEMO_NOT_BUILT',
      `the demo runs the built action, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing under ${root}: run \`npm run build\` in a clone of stint first`,
    );
  }
  return root;
}
