import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

/**
 * Names every plain object inherits. A command, subcommand or profile type looked up by a name the
 * user typed must treat them as unknown: a usage error (exit 2) or a config error, never a crash.
 */
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
let dir: string;

function stint(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PATH: process.env.PATH, ...env } });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-unknown-command-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('a name every object inherits is an unknown name', () => {
  for (const name of INHERITED) {
    it(`stint ${name}: usage error, exit 2, no stack trace`, async () => {
      const result = await stint([name]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`stint: unknown command '${name}'`);
      expect(result.stderr).toContain('Usage: stint <command> [options]');
      expect(result.stderr).not.toContain('unexpected error');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });

    it(`stint keys ${name}: usage error, exit 2, no stack trace`, async () => {
      const result = await stint(['keys', name]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`stint: unknown command 'keys ${name}'; run \`stint keys --help\`\n`);
    });

    it(`a signing profile of type ${name} is refused as an unknown type`, async () => {
      const file = join(dir, `type-${name}.yml`);
      writeFileSync(file, `signing:\n  hook: { type: ${name}, secret_env: HOOK_SECRET }\n`);
      const result = await stint(['sign', 'hook', '--config', file], { HOOK_SECRET: 'hook-secret-5b7e' });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `stint: ${file}: signing profile "hook": field "type": must be one of hmac, http-signature, jwt, bearer, oauth2, mtls\n`,
      );
    });
  }
});
