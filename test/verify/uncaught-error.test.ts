/**
 * A service that starts with a wrong `stint/verify` option and does not catch the error crashes
 * with ERR_VERIFY_CONFIG, and Node prints the line of the bundle the error was thrown from before
 * the message. Through the built bundle (dist/verify, what `import 'stint/verify'` loads) in a
 * process of its own, as a service runs it: what lands in the service's log must be short lines
 * a person (and a log pipeline that splits long lines) can read, with the library's own function
 * names in the stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_WITH_THIS_NODE } from '../helpers/node.js';
import { run } from '../recipes/helpers.js';

const BUNDLE = pathToFileURL(resolve(import.meta.dirname, '../../dist/verify/index.js')).href;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-verify-uncaught-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an uncaught stint/verify configuration error', () => {
  it('prints the throwing line of readable code, the message and named frames, no line of minified code', async () => {
    const service = join(dir, 'service.mjs');
    writeFileSync(
      service,
      `import { verifyStintToken } from ${JSON.stringify(BUNDLE)};
await verifyStintToken('a.b.c', { issuer: 'http://stint.example.com', audience: 'stint:warehouse' });
`,
    );
    const result = await run(process.execPath, [service], { cwd: dir, env: { PATH: PATH_WITH_THIS_NODE, HOME: dir } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${BUNDLE.replaceAll('.', '\\.')}:\\d+$`));
    expect(lines[1]).toMatch(/^\s*throw new /);
    expect(result.stderr).toContain(
      '\nStintError: verifyStintToken: issuer http://stint.example.com is plain http to another machine',
    );
    expect(result.stderr).toContain(`    at verifyStintToken (${BUNDLE}:`);
    expect(result.stderr).toContain("  code: 'ERR_VERIFY_CONFIG'\n");
    // The message itself is one long line (about 400 characters); code lines are far shorter.
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(1000);
  });
});
