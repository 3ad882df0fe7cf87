import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { type CiIssuer, ciBrokerConfig, startCiIssuer } from '../helpers/ci-issuers.js';
import { expectNoSecret } from '../helpers/secrets.js';
import {
  baseEnv,
  CLI,
  type CliAssetServer,
  createApiKey,
  fakeNpx,
  introspect,
  NPM_REFUSAL,
  NPM_SETTING,
  run,
  serveCliAsset,
  verifyStintToken,
} from './helpers.js';

/**
 * The Jenkins shared library's vars/stint.groovy, run by Debian's groovy through a small
 * Pipeline step stub (test/recipes/jenkins/pipeline-stub.groovy) against the real broker and a
 * Jenkins-shaped issuer. One groovy run (the JVM is slow to start) drives every scenario.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const VARS = join(ROOT, 'recipes/jenkins/vars');
const STUB = join(ROOT, 'test/recipes/jenkins/pipeline-stub.groovy');

/** Debian's groovy script needs JAVA_HOME when default-java is not installed; derive it from java on PATH. */
function javaHome(): string {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const java = realpathSync(execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim());
  return dirname(dirname(java));
}

const DRIVER = `
// The "Jenkinsfile" part: what a user writes inside a pipeline's steps.
stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'stint-id-token', scope: 'read write', cliPath: env.CLI) {
  if (!env.STINT_TOKEN) error('no STINT_TOKEN inside the closure')
  sh 'umask 077 && printf %s "$STINT_TOKEN" > "$TOKEN_OUT"'
  sh 'echo "inside: $STINT_TOKEN"'
  echo "inside: project=\${env.STINT_PROJECT} scope=\${env.STINT_SCOPE} broker=\${env.STINT_BROKER_URL}"
}
sh 'echo "after: \${STINT_TOKEN:-unset}"'
echo "after env: \${env.STINT_TOKEN}"

// A tampered download first (later builds would find the good file in the digest-keyed cache).
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'tampered-id-token', cliUrl: env.TAMPERED_URL, cliSha256: env.ASSET_SHA256) {
    echo 'tampered closure ran'
  }
} catch (e) {
  echo "tampered: caught \${e.message}"
}
// The release asset, pinned by URL and SHA-256; the closure fails, and the token is revoked all the same.
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'asset-id-token', cliUrl: env.ASSET_URL, cliSha256: env.ASSET_SHA256) {
    sh 'umask 077 && printf %s "$STINT_TOKEN" > "$ASSET_TOKEN_OUT"'
    error('the deploy failed')
  }
} catch (e) {
  echo "asset: caught \${e.message}"
}
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'unpinned-id-token') { echo 'unpinned closure ran' }
} catch (e) {
  echo "unpinned: caught \${e.message}"
}
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'npm-id-token', cliVersion: '1.2.3') { echo 'npm closure ran' }
} catch (e) {
  echo "npm: caught \${e.message}"
}

try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'denied-id-token', cliPath: env.CLI) {
    echo 'denied closure ran'
  }
} catch (e) {
  echo "denied: caught \${e.message}"
}
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'no-such-credential', cliPath: env.CLI) { echo 'missing closure ran' }
} catch (e) {
  echo "missing: caught \${e.message}"
}
// Mask Passwords not installed: wrap fails after the token was issued; it is revoked all the same.
try {
  withoutPlugin('wrap') {
    stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'nomask-id-token', cliPath: env.CLI) {
      echo 'nomask closure ran'
    }
  }
} catch (e) {
  echo "nomask: caught \${e.message}"
}
// Pipeline Utility Steps not installed: the step does not need readJSON.
withoutPlugin('readJSON') {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'nojson-id-token', cliPath: env.CLI) {
    sh 'umask 077 && printf %s "$STINT_TOKEN" > "$NOJSON_TOKEN_OUT"'
    echo "nojson: project=\${env.STINT_PROJECT} scope=\${env.STINT_SCOPE} expires=\${env.STINT_TOKEN_EXPIRES_AT}"
  }
}
try {
  stint(project: 'warehouse') { echo 'unreachable' }
} catch (e) {
  echo "usage: caught \${e.message}"
}
`;

let issuer: CiIssuer;
let broker: RunningBroker;
let dir: string;
let result: { code: number | null; stdout: string; stderr: string };
let log: string;
let scripts: string;
let idToken: string;
let deniedIdToken: string;
let asset: CliAssetServer;
let apiKey: string;
/** An npx on the build's PATH that records whether anything ran it. */
let npx: ReturnType<typeof fakeNpx>;

beforeAll(async () => {
  issuer = await startCiIssuer('jenkins');
  broker = await startBroker({ configYaml: ciBrokerConfig([issuer]) });
  dir = mkdtempSync(join(tmpdir(), 'stint-jenkins-'));
  idToken = await issuer.mint();
  deniedIdToken = await issuer.mint({ sub: `${new URL(issuer.url).origin}/job/warehouse/job/feature-x/` });
  asset = await serveCliAsset(dir);
  apiKey = await createApiKey(broker);
  const credentials = {
    'stint-id-token': idToken,
    'denied-id-token': deniedIdToken,
    'asset-id-token': await issuer.mint(),
    'tampered-id-token': await issuer.mint(),
    'unpinned-id-token': await issuer.mint(),
    'npm-id-token': await issuer.mint(),
    'nomask-id-token': await issuer.mint(),
    'nojson-id-token': await issuer.mint(),
  };
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
  writeFileSync(join(dir, 'driver.groovy'), DRIVER);
  npx = fakeNpx(dir);
  result = await run(
    'groovy',
    [
      STUB,
      VARS,
      join(dir, 'driver.groovy'),
      join(dir, 'build.log'),
      join(dir, 'scripts.log'),
      join(dir, 'credentials.json'),
    ],
    {
      env: baseEnv({
        JAVA_HOME: javaHome(),
        PATH: `${npx.bin}:${process.env.PATH}`,
        BROKER: broker.url,
        CLI,
        TOKEN_OUT: join(dir, 'token'),
        ASSET_TOKEN_OUT: join(dir, 'asset-token'),
        NOJSON_TOKEN_OUT: join(dir, 'nojson-token'),
        STUB_MASK_SPY: join(dir, 'nomask-token'),
        ASSET_URL: asset.url,
        ASSET_SHA256: asset.sha256,
        TAMPERED_URL: asset.tamperedUrl,
        TMPDIR: dir,
        JENKINS_URL: 'https://jenkins.example.com/',
      }),
      timeoutMs: 120_000,
    },
  );
  log = existsSync(join(dir, 'build.log')) ? readFileSync(join(dir, 'build.log'), 'utf8') : '';
  scripts = existsSync(join(dir, 'scripts.log')) ? readFileSync(join(dir, 'scripts.log'), 'utf8') : '';
}, 180_000);
afterAll(async () => {
  await asset?.stop();
  await broker?.stop();
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Jenkins shared library through the Pipeline stub', () => {
  it('the build finishes', () => {
    expect(log, `${result.stdout}\n${result.stderr}`).toContain('Finished: SUCCESS');
    expect(result.code).toBe(0);
  });

  it('STINT_TOKEN is a real token inside the closure', async () => {
    const token = readFileSync(join(dir, 'token'), 'utf8');
    const claims = await verifyStintToken(broker.url, token);
    expect(claims).toMatchObject({ project: 'warehouse', sub: issuer.subject, scope: 'read write' });
    expect(log).toContain(`inside: project=warehouse scope=read write broker=${broker.url}`);
  });

  it('is masked while in scope and absent from the build log and every recorded script', () => {
    const token = readFileSync(join(dir, 'token'), 'utf8');
    expect(log).toContain('inside: ********');
    expectNoSecret(log, token, 'the stint token');
    expectNoSecret(log, idToken, 'the ID token');
    expectNoSecret([result.stdout, result.stderr], token, 'the stint token');
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
    // No secret was interpolated by Groovy into a script Jenkins would record.
    expectNoSecret(scripts, token, 'the stint token');
    expectNoSecret(scripts, idToken, 'the ID token');
    expect(scripts).toContain('exchange --provider jenkins');
  });

  it('is gone after the closure, and revoked at the broker', async () => {
    expect(log).toContain('after: unset');
    expect(log).toContain('after env: null');
    expect(log).toContain('stint: revoked the token');
    expect((await introspect(broker.url, apiKey, readFileSync(join(dir, 'token'), 'utf8'))).active).toBe(false);
  });

  it('by default runs the release asset only when its SHA-256 is the pinned one, and revokes in finally when the closure fails', async () => {
    expect(log).toContain('asset: caught the deploy failed');
    const token = readFileSync(join(dir, 'asset-token'), 'utf8');
    await verifyStintToken(broker.url, token);
    expectNoSecret(log, token, 'the stint token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
  });

  it('refuses a tampered asset before it runs, naming the expected and the actual digest', () => {
    expect(log).toContain(`its SHA-256 is ${asset.tamperedSha256}, but ${asset.sha256} is pinned.`);
    expect(log).toContain('tampered: caught script returned exit code 1');
    expect(log).not.toContain('tampered closure ran');
    expect(existsSync(asset.tamperedMarker)).toBe(false);
  });

  it('with nothing pinned and nothing set, fails closed and names the parameters to set', () => {
    expect(log).toContain(
      'stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with the parameters cliPath, or cliUrl with cliSha256',
    );
    expect(log).not.toMatch(NPM_SETTING);
    expect(log).toContain('unpinned: caught script returned exit code 1');
    expect(log).not.toContain('unpinned closure ran');
  });

  it('refuses cliVersion before npx runs, and never runs the closure', () => {
    expect(log).toContain(NPM_REFUSAL('1.2.3', 'the parameters cliPath, or cliUrl with cliSha256'));
    expect(log).toContain('npm: caught script returned exit code 1');
    expect(log).not.toContain('npm closure ran');
    expect(npx.ran()).toBe(false);
  });

  it('a denial fails the step with the reason and request_id, and never runs the closure', () => {
    expect(log).toMatch(/HTTP 403 access_denied: .+ \(request_id [0-9a-f-]{36}\)/);
    expect(log).toContain('denied: caught script returned exit code 1');
    expect(log).not.toContain('denied closure ran');
    expectNoSecret(log, deniedIdToken, 'the denied ID token');
  });

  it('a missing credential or parameter is a clear error', () => {
    expect(log).toContain("missing: caught Could not find credentials entry with ID 'no-such-credential'");
    expect(log).not.toContain('missing closure ran');
    expect(log).toContain(
      "usage: caught stint: brokerUrl is required, e.g. stint(brokerUrl: 'https://stint.example.com', project: 'warehouse') { ... }",
    );
  });

  it('without Mask Passwords, the step fails before the closure and still revokes the token it was issued', async () => {
    expect(log).toContain(
      'nomask: caught no known implementation of class jenkins.tasks.SimpleBuildWrapper is named MaskPasswordsBuildWrapper',
    );
    expect(log).not.toContain('nomask closure ran');
    const token = readFileSync(join(dir, 'nomask-token'), 'utf8');
    await verifyStintToken(broker.url, token);
    expectNoSecret(log, token, 'the stint token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
  });

  it('without Pipeline Utility Steps (no readJSON), the step runs the closure with the token and revokes it', async () => {
    const token = readFileSync(join(dir, 'nojson-token'), 'utf8');
    const claims = await verifyStintToken(broker.url, token);
    const expires = /nojson: project=warehouse scope=read write expires=(\S+)/.exec(log)?.[1];
    expect(Date.parse(expires ?? '')).toBe(claims.exp! * 1000);
    expectNoSecret(log, token, 'the stint token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(false);
  });

  it('every sh script in the library is single-quoted Groovy (no interpolation)', () => {
    const source = readFileSync(join(VARS, 'stint.groovy'), 'utf8');
    // Each script is the CLI function (a library resource, not secret) and a single-quoted block.
    const scripts = [...source.matchAll(/\bsh\([\s\S]*?script:\s*([^\n]*)/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) expect(script).toBe("'#!/bin/sh\\n' + cli + '''");
    expect(source).toContain("def cli = libraryResource('stint/cli.sh')");
    expect(source).not.toMatch(/"""/);
  });
});
