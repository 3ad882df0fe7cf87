import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unsupportedNode } from '../../src/cli/node-version.js';
import { CLI } from '../helpers/broker.js';

/**
 * The CLI on a Node older than package.json's engines says so in one line and exits 1, before it
 * loads anything that needs a newer Node (on Node 20.11 it used to die with `TypeError:
 * process.getBuiltinModule is not a function` and a stack trace).
 */
const ENGINES = '^20.19.0 || >=22.12.0';
const REFUSAL =
  /^stint: this is Node 20\.11\.1; stint needs Node 20\.19\+ or 22\.12\+ \(install a current Node LTS: .*\)\n$/;

function run(node: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(node, args, { env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** What a Node 20.11 lacks that the CLI uses, and its version, put in place before the CLI loads. */
const AS_NODE_20_11 = `data:text/javascript,${encodeURIComponent(
  "delete process.getBuiltinModule; Object.defineProperty(process.versions, 'node', { value: '20.11.1' });",
)}`;

/** A command that reaches process.getBuiltinModule (the broker URL's loopback check) before any I/O. */
const EXCHANGE = ['exchange', '--broker', 'http://127.0.0.1:9', '--project', 'p'];

describe('the Node version check', () => {
  it("agrees with package.json's engines", () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).engines.node).toBe(ENGINES);
    const refused = ['16.20.2', '18.20.4', '20.0.0', '20.11.1', '20.18.3', '21.7.3', '22.0.0', '22.11.0'];
    const accepted = ['20.19.0', '20.20.2', '22.12.0', '22.20.0', '23.0.0', '24.11.1', '25.2.1'];
    for (const version of refused) expect(unsupportedNode(version), version).toContain(`this is Node ${version}`);
    for (const version of accepted) expect(unsupportedNode(version), version).toBeUndefined();
  });

  it('the built CLI, on a Node that looks like 20.11, refuses in one line and exits 1', async () => {
    for (const args of [EXCHANGE, ['--version'], ['policy', 'check', 'nope.yml']]) {
      const result = await run(process.execPath, ['--import', AS_NODE_20_11, CLI, ...args], {
        STINT_ID_TOKEN: 'a.b.c',
      });
      expect(result, args.join(' ')).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(REFUSAL);
    }
  });

  // A real Node 20.11: .ci/run installs one (npm's node@20.11.1) and names it in STINT_TEST_OLD_NODE.
  const oldNode = process.env.STINT_TEST_OLD_NODE;
  it.runIf(oldNode !== undefined || process.env.CI !== undefined)(
    'the built CLI on a real Node 20.11 (STINT_TEST_OLD_NODE) refuses in one line and exits 1',
    async () => {
      expect(oldNode, 'CI sets STINT_TEST_OLD_NODE to a Node 20.11 binary (.ci/run)').toBeDefined();
      expect((await run(oldNode!, ['--version'])).stdout).toBe('v20.11.1\n');
      const result = await run(oldNode!, [CLI, ...EXCHANGE], { STINT_ID_TOKEN: 'a.b.c' });
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(REFUSAL);
    },
  );
});
