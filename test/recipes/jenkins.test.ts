import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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
  if (!env.STINT_ENV_FILE) error('no STINT_ENV_FILE inside the closure')
  if (env.STINT_TOKEN) error('STINT_TOKEN is in the environment Jenkins gives the closure')
  sh '. "$STINT_ENV_FILE" && umask 077 && printf %s "$STINT_TOKEN" > "$TOKEN_OUT"'
  sh '. "$STINT_ENV_FILE"; echo "inside: $STINT_TOKEN"'
  sh 'echo "unsourced: \${STINT_TOKEN:-unset}"'
  sh 'printf %s "$STINT_ENV_FILE" > "$ENV_FILE_OUT" && stat -c %a "$STINT_ENV_FILE" "$(dirname "$STINT_ENV_FILE")" > "$ENV_FILE_MODE_OUT"'
  echo "inside: project=\${env.STINT_PROJECT} scope=\${env.STINT_SCOPE} broker=\${env.STINT_BROKER_URL}"
}
sh 'echo "after: \${STINT_TOKEN:-unset} \${STINT_ENV_FILE:-unset}"'
echo "after env: \${env.STINT_ENV_FILE}"

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
    sh '. "$STINT_ENV_FILE" && umask 077 && printf %s "$STINT_TOKEN" > "$ASSET_TOKEN_OUT"'
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
    sh '. "$STINT_ENV_FILE" && umask 077 && printf %s "$STINT_TOKEN" > "$NOJSON_TOKEN_OUT"'
    echo "nojson: project=\${env.STINT_PROJECT} scope=\${env.STINT_SCOPE} expires=\${env.STINT_TOKEN_EXPIRES_AT}"
  }
}
// The exchange script fails after the broker issued a token (a CLI that exits 3 after printing
// it): the script revokes the token itself and leaves no file; the closure never runs.
try {
  stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'late-id-token', cliPath: env.FAILING_CLI) {
    echo 'late closure ran'
  }
} catch (e) {
  echo "late: caught \${e.message}"
}
// A block that deletes the token's file: the step cannot revoke it, and warns (the build goes on).
stint(brokerUrl: env.BROKER, project: 'warehouse', credentialsId: 'deleted-id-token', cliPath: env.CLI) {
  sh '. "$STINT_ENV_FILE" && umask 077 && printf %s "$STINT_TOKEN" > "$DELETED_TOKEN_OUT" && rm "$STINT_ENV_FILE"'
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
/** Every step's arguments, one JSON line per step, as Jenkins' flow nodes would keep them. */
let stepArgs: string;
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
    'deleted-id-token': await issuer.mint(),
    'late-id-token': await issuer.mint(),
  };
  // A stint CLI whose exchange prints the token (also copied to late-token.env) and then fails.
  writeFileSync(
    join(dir, 'failing-cli'),
    `#!/bin/sh\nif [ "$1" = exchange ]; then node "$CLI" "$@" | tee "$LATE_TOKEN_OUT"; exit 3; fi\nexec node "$CLI" "$@"\n`,
    { mode: 0o755 },
  );
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
      join(dir, 'step-args.jsonl'),
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
        DELETED_TOKEN_OUT: join(dir, 'deleted-token'),
        FAILING_CLI: join(dir, 'failing-cli'),
        LATE_TOKEN_OUT: join(dir, 'late-token.env'),
        ENV_FILE_OUT: join(dir, 'env-file-path'),
        ENV_FILE_MODE_OUT: join(dir, 'env-file-mode'),
        // Where Jenkins' sh steps find the workspace's @tmp directory.
        WORKSPACE_TMP: join(dir, 'workspace@tmp'),
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
  stepArgs = existsSync(join(dir, 'step-args.jsonl')) ? readFileSync(join(dir, 'step-args.jsonl'), 'utf8') : '';
}, 180_000);
/** The token the nomask case was issued: the stub's failed wrap copied the token file (export lines) to nomask-token. */
function nomaskToken(): string {
  const text = readFileSync(join(dir, 'nomask-token'), 'utf8');
  const token = /^export STINT_TOKEN='([^']+)'$/m.exec(text)?.[1];
  if (!token) throw new Error('the nomask case left no token file behind for the stub to copy');
  return token;
}

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
    // Sourced under `sh -xe`, the file's export line is traced to the log: masked too.
    expect(log).toMatch(/STINT_TOKEN='?\*{8}/);
    expectNoSecret(log, token, 'the stint token');
    expectNoSecret(log, idToken, 'the ID token');
    expectNoSecret([result.stdout, result.stderr], token, 'the stint token');
    expectNoSecret([result.stdout, result.stderr], idToken, 'the ID token');
    // No secret was interpolated by Groovy into a script Jenkins would record.
    expectNoSecret(scripts, token, 'the stint token');
    expectNoSecret(scripts, idToken, 'the ID token');
    expect(scripts).toContain('exchange --provider jenkins');
  });

  it('is never a step argument, so no flow node Jenkins keeps holds it', () => {
    const records = stepArgs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; arguments: Record<string, unknown> });
    // No JWT at all (a stint token or an ID token) in any step's arguments; the failure names the steps.
    const withJwt = records.filter((r) => /eyJ[\w-]*\.[\w-]+\.[\w-]+/.test(JSON.stringify(r.arguments)));
    expect(withJwt.map((r) => r.step)).toEqual([]);
    // The record is real: it holds the steps that carry the block's environment and the masking.
    const withEnv = records.filter((r) => r.step === 'withEnv').map((r) => JSON.stringify(r.arguments));
    expect(withEnv.some((args) => args.includes('STINT_ENV_FILE='))).toBe(true);
    expect(records.some((r) => r.step === 'wrap' && JSON.stringify(r.arguments).includes('varMaskRegexes'))).toBe(true);
    expect(records.filter((r) => r.step === 'sh').length).toBeGreaterThan(10);
    // None of the tokens of this run, in any form.
    for (const name of ['token', 'asset-token', 'nojson-token', 'deleted-token']) {
      expectNoSecret(stepArgs, readFileSync(join(dir, name), 'utf8'), `the stint token (${name})`);
    }
    expectNoSecret(stepArgs, nomaskToken(), 'the stint token (nomask)');
    expectNoSecret(stepArgs, idToken, 'the ID token');
  });

  it('keeps the token in a 0600 file in a 0700 directory under the workspace @tmp, for the block only', () => {
    const file = readFileSync(join(dir, 'env-file-path'), 'utf8');
    expect(file.startsWith(`${join(dir, 'workspace@tmp')}/`)).toBe(true);
    expect(readFileSync(join(dir, 'env-file-mode'), 'utf8').split('\n').slice(0, 2)).toEqual(['600', '700']);
    expect(log).toContain('unsourced: unset');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(dirname(file))).toBe(false);
  });

  it('is gone after the closure, and revoked at the broker', async () => {
    expect(log).toContain('after: unset unset');
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
    const token = nomaskToken();
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

  it('an exchange script that fails after the token was issued revokes it and leaves no file', async () => {
    expect(log).toContain('late: caught script returned exit code 3');
    expect(log).not.toContain('late closure ran');
    const token = /^export STINT_TOKEN='([^']+)'$/m.exec(readFileSync(join(dir, 'late-token.env'), 'utf8'))?.[1];
    expect(token).toBeDefined();
    await verifyStintToken(broker.url, token!);
    expectNoSecret(log, token!, 'the stint token');
    expectNoSecret(stepArgs, token!, 'the stint token');
    expect((await introspect(broker.url, apiKey, token!)).active).toBe(false);
    // No token file of any stint block of this build is left in the workspace's @tmp.
    expect(readdirSync(join(dir, 'workspace@tmp')).filter((name) => name.startsWith('stint-token.'))).toEqual([]);
  });

  it('a block that deletes the token file gets a warning, and the build goes on', async () => {
    expect(log).toContain('(the block must not delete it)');
    expect(log).toContain('stint: warning: the token was not revoked (see above); it stays valid until it expires');
    const token = readFileSync(join(dir, 'deleted-token'), 'utf8');
    expectNoSecret(log, token, 'the stint token');
    expect((await introspect(broker.url, apiKey, token)).active).toBe(true);
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
