/**
 * Issue 18 item 5: the action's happy path (main: an ID token from the runner, the exchange, the
 * outputs; post: the revocation) loads only what it uses. Never undici, which Node loads on the
 * first use of the global fetch (about 190 ms and 38 MiB on every job); and, against a broker
 * and a token service over http, not TLS (node:https loads it with all of node:crypto), not
 * child_process (only CIs whose token comes from a program need it), not WebCrypto, not node:os;
 * and not Node's ES module loader (the steps are CommonJS). Checked through the built action, run
 * as the runner runs it against a real broker and issuer, by the list of built-in modules the
 * process loaded. bench/action.bench.ts measures the time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { createLocalJob, type LocalJob, runActionStep } from '../../src/demo/local-runner.js';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { ROOT, requireBuilt } from './harness.js';

const AUDIENCE = 'https://stint.test';
const PRELOAD = join(ROOT, 'test/action/modules-preload.cjs');
let issuer: GithubIssuer;
let broker: RunningBroker;
let job: LocalJob;

beforeAll(async () => {
  requireBuilt();
  issuer = await startGithubIssuer({ audience: AUDIENCE });
  broker = await startBroker({
    configYaml: `issuer: ${AUDIENCE}
audit: { file: audit.jsonl }
providers:
  github: { issuer: "${issuer.url}", allow_insecure: true }
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read]
`,
  });
  job = createLocalJob();
});

afterAll(async () => {
  job?.remove();
  await broker?.stop();
  await issuer?.stop();
});

it('main and post get, use and revoke a token loading only what they use', async () => {
  const modules = (step: string) => join(job.dir, `${step}.modules`);
  const options = (step: string) => ({
    actionRoot: ROOT,
    nodeArgs: ['--require', PRELOAD],
    inputs: { 'broker-url': broker.url, project: 'warehouse', audience: AUDIENCE },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer.url}/_apis/distributedtask/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken ?? '',
      STINT_TEST_MODULES: modules(step),
    },
  });
  const main = await runActionStep(job, 'main', options('main'));
  expect(main.errors, main.stdout + main.stderr).toEqual([]);
  expect(main.code).toBe(0);
  expect(main.outputs.token?.split('.')).toHaveLength(3);
  const post = await runActionStep(job, 'post', options('post'));
  expect(post.code, post.stdout + post.stderr).toBe(0);
  expect(post.stdout).toMatch(/clean-up: token revoked/);
  for (const step of ['main', 'post']) {
    const loaded = readFileSync(modules(step), 'utf8').split('\n');
    // The list is real: the action's own HTTP shows in it.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((name) => /undici/.test(name))).toEqual([]);
    const unused = [
      'NativeModule https',
      'NativeModule tls',
      'NativeModule child_process',
      'NativeModule internal/crypto/webcrypto',
      'NativeModule os',
    ];
    expect(loaded.filter((name) => unused.includes(name))).toEqual([]);
    // Each step is a CommonJS bundle (scripts/build.mjs): an ES module entry costs every step
    // Node's ES module loader (on Node 20 with node:fs/promises and readline under it), and only
    // an ES module has import.meta set up.
    const esModuleEntry = [
      'NativeModule internal/modules/esm/initialize_import_meta',
      'NativeModule internal/fs/promises',
      'NativeModule internal/readline/interface',
    ];
    expect(loaded.filter((name) => esModuleEntry.includes(name))).toEqual([]);
  }
});
