import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { baseEnv, type CliAssetServer, fakeNpx, NPM_REFUSAL, NPM_SETTING, run, serveCliAsset } from './helpers.js';

/**
 * Where every recipe gets the stint CLI: one shell function (recipes/cli/stint-cli.sh), copied into
 * each recipe because each is published on its own, and one pinned release asset (URL and
 * SHA-256) that scripts/pin-recipes.mjs writes as every recipe's default.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const RECIPES = join(ROOT, 'recipes');
const CANONICAL = readFileSync(join(RECIPES, 'cli/stint-cli.sh'), 'utf8');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const PIN = join(ROOT, 'scripts/pin-recipes.mjs');

interface Pin {
  recipe: string;
  file: string;
  url: string;
  sha256: string;
}

/** What each recipe under `root` pins, as `pin-recipes.mjs --show` reports it. */
async function readPins(root: string): Promise<Pin[]> {
  const shown = await run(process.execPath, [PIN, '--show', '--root', root], { env: baseEnv() });
  if (shown.code !== 0) throw new Error(shown.stderr);
  return JSON.parse(shown.stdout) as Pin[];
}

function pinRecipes(root: string, url: string, sha256: string) {
  return run(process.execPath, [PIN, '--root', root, '--url', url, '--sha256', sha256], { env: baseEnv() });
}

let dir: string;
let asset: CliAssetServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-cli-source-'));
  asset = await serveCliAsset(dir);
});
afterAll(async () => {
  await asset?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI source of every recipe', () => {
  it.each([
    'jenkins/resources/stint/cli.sh',
    'circleci/src/scripts/exchange.sh',
    'circleci/src/scripts/sign.sh',
    'circleci/src/scripts/revoke.sh',
    'buildkite/hooks/environment',
    'buildkite/hooks/pre-exit',
  ])('%s carries recipes/cli/stint-cli.sh unchanged', (file) => {
    expect(readFileSync(join(RECIPES, file), 'utf8'), `copy recipes/cli/stint-cli.sh into recipes/${file}`).toContain(
      CANONICAL,
    );
  });

  it('the GitLab component carries it as the anchored first item of before_script and after_script', () => {
    const docs = parseAllDocuments(readFileSync(join(RECIPES, 'gitlab/templates/stint.yml'), 'utf8'));
    const job = (docs[1]!.toJS() as Record<string, { before_script: string[]; after_script: string[] }>)['.stint']!;
    expect(job.before_script[0]).toBe(CANONICAL);
    expect(job.after_script[0]).toBe(CANONICAL);
  });

  it('every recipe pins the same release asset: nothing before the first release, else this version', async () => {
    const pins = await readPins(ROOT);
    expect(pins.map((pin) => pin.recipe)).toEqual([
      'gitlab',
      'jenkins',
      'circleci exchange.yml',
      'circleci sign.yml',
      'circleci revoke.yml',
      'buildkite environment',
      'buildkite pre-exit',
    ]);
    const [first] = pins;
    for (const pin of pins)
      expect({ recipe: pin.recipe, url: pin.url, sha256: pin.sha256 }).toEqual({
        recipe: pin.recipe,
        url: first!.url,
        sha256: first!.sha256,
      });
    if (first!.url === '') {
      expect(first!.sha256).toBe('');
    } else {
      expect(first!.url).toMatch(new RegExp(`/stint-cli-${version.replace(/\./g, '\\.')}\\.mjs$`));
      expect(first!.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // The packed orb carries the same defaults as its sources.
    const orb = readFileSync(join(RECIPES, 'circleci/orb.yml'), 'utf8');
    expect(orb.match(/cli-url:\n\s+type: string\n\s+default: "?([^"\n]*)"?/g)).toHaveLength(3);
  });

  it('pin-recipes writes one URL and digest into every recipe, and the pinned default then runs the asset', async () => {
    const root = join(dir, 'repo');
    cpSync(RECIPES, join(root, 'recipes'), { recursive: true });
    const unsafe = await pinRecipes(root, `${asset.url}"; rm -rf /`, asset.sha256);
    expect(unsafe.code).toBe(1);
    expect(unsafe.stderr).toMatch(/^pin-recipes: --url must be an http\(s\) URL without quotes/);
    const upper = await pinRecipes(root, asset.url, asset.sha256.toUpperCase());
    expect(upper.stderr).toMatch(/^pin-recipes: --sha256 must be 64 lowercase hex digits/);
    expect(await readPins(root)).toEqual(await readPins(ROOT));
    const pinned = await pinRecipes(root, asset.url, asset.sha256);
    expect(pinned.stderr).toBe('');
    expect(pinned.code).toBe(0);
    for (const pin of await readPins(root)) expect(pin).toMatchObject({ url: asset.url, sha256: asset.sha256 });

    // --verify: the release's check that the recipes pin the file it built.
    const assetFile = join(dir, 'release', new URL(asset.url).pathname.split('/').pop()!);
    const verified = await run(process.execPath, [PIN, '--root', root, '--verify', assetFile], { env: baseEnv() });
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const unpinned = await run(process.execPath, [PIN, '--root', ROOT, '--verify', assetFile], { env: baseEnv() });
    expect(unpinned.code).toBe(1);
    expect(unpinned.stderr).toContain(`pin-recipes: the recipes do not pin ${assetFile}:`);
    // Whatever the repository pins (nothing before the first release), it is not this local asset.
    expect(unpinned.stderr).toContain(`recipes/gitlab/templates/stint.yml pins `);
    expect(unpinned.stderr).toContain(`, not ${assetFile.split('/').pop()} with sha256 ${asset.sha256}`);

    // The pinned orb's sign command, given no cli-* parameter at all, downloads, checks and runs the asset.
    const orb = parseAllDocuments(readFileSync(join(root, 'recipes/circleci/orb.yml'), 'utf8'))[0]!.toJS() as {
      commands: Record<
        string,
        { parameters: Record<string, { default?: string }>; steps: Array<{ run: { command: string } }> }
      >;
    };
    const sign = orb.commands.sign!;
    expect(sign.parameters['cli-url']!.default).toBe(asset.url);
    writeFileSync(
      join(dir, 'signing.yml'),
      'signing:\n  webhook: { type: hmac, format: github, secret_env: WEBHOOK_SECRET }\n',
    );
    const output = join(dir, 'headers');
    const result = await run('bash', ['-eo', 'pipefail', '-c', sign.steps[0]!.run.command], {
      env: baseEnv({
        TMPDIR: dir,
        WEBHOOK_SECRET: 'It is a secret to everybody',
        PARAM_PROFILE: 'webhook',
        PARAM_URL: 'https://hooks.example.com/deploy',
        PARAM_CONFIG: join(dir, 'signing.yml'),
        PARAM_OUTPUT: output,
        PARAM_CLI_URL: sign.parameters['cli-url']!.default,
        PARAM_CLI_SHA256: sign.parameters['cli-sha256']!.default,
      }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^X-Hub-Signature-256: sha256=[0-9a-f]{64}$/m);
    expect(asset.requests).toContain(new URL(asset.url).pathname);
    expect(existsSync(join(dir, 'stint-cli', `stint-${asset.sha256}.mjs`))).toBe(true);
  });
});

describe('where the CLI comes from when the job names none, or an npm version', () => {
  const stintIn = (env: NodeJS.ProcessEnv) =>
    run('sh', ['-c', '. "$1"; stint exchange --format shell', 'recipe', join(RECIPES, 'cli/stint-cli.sh')], {
      env: baseEnv({ TMPDIR: dir, ...env }),
    });

  it('with nothing set, fails closed naming only a path or a URL with its SHA-256, never an npm version', async () => {
    const npx = fakeNpx(join(dir, 'unpinned'));
    const result = await stintIn({ PATH: `${npx.bin}:${process.env.PATH}` });
    expect(result.stderr).toBe(
      'stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with cli-path, or cli-url with cli-sha256\n',
    );
    expect(result.stderr).not.toMatch(NPM_SETTING);
    expect(result.code).toBe(1);
    expect(npx.ran()).toBe(false);
  });

  it('refuses an npm version before npx runs: nobody holds the npm name stint until the first release', async () => {
    const npx = fakeNpx(join(dir, 'npm-version'));
    const before = asset.requests.length;
    // Whatever else is set: a URL and digest that would run (the npm version comes first), or the recipe's own settings.
    const result = await stintIn({
      PATH: `${npx.bin}:${process.env.PATH}`,
      STINT_CLI_VERSION: '1.2.3',
      STINT_CLI_URL: asset.url,
      STINT_CLI_SHA256: asset.sha256,
      STINT_CLI_SETTINGS: 'the parameters cliPath, or cliUrl with cliSha256',
    });
    expect(result.stderr).toBe(`${NPM_REFUSAL('1.2.3', 'the parameters cliPath, or cliUrl with cliSha256')}\n`);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expect(npx.ran()).toBe(false);
    expect(asset.requests.length).toBe(before);
  });

  it("no recipe's settings name the npm version among the CLI sources to set", () => {
    const gitlab = parseAllDocuments(readFileSync(join(RECIPES, 'gitlab/templates/stint.yml'), 'utf8'));
    const job = (gitlab[1]!.toJS() as Record<string, { variables: Record<string, string> }>)['.stint']!;
    expect(job.variables.STINT_CLI_SETTINGS).toBe("the component's inputs cli_path, or cli_url with cli_sha256");
    const jenkins = readFileSync(join(RECIPES, 'jenkins/vars/stint.groovy'), 'utf8');
    expect(jenkins).toContain("'STINT_CLI_SETTINGS=the parameters cliPath, or cliUrl with cliSha256'");
    expect(job.variables.STINT_CLI_SETTINGS).not.toMatch(NPM_SETTING);
    expect(jenkins.match(/STINT_CLI_SETTINGS=[^']*/g)?.filter((text) => NPM_SETTING.test(text))).toEqual([]);
    expect(CANONICAL).not.toContain('npx');
  });
});

/**
 * A `node` on PATH that answers --version with `version` and otherwise records that it ran, as
 * an image with that Node.js would (cimg/node:20.11 has v20.11.1, which lacks
 * process.getBuiltinModule and cannot load the CLI).
 */
function fakeNode(version: string): string {
  const bin = join(dir, `node-${version}`);
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/sh\nif [ "$1" = --version ]; then echo ${version}; exit 0; fi\necho "node ${version} ran $*"\n`,
  );
  chmodSync(join(bin, 'node'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

describe('the Node.js the recipes run the CLI with', () => {
  const cliFile = () => {
    const file = join(dir, 'stint-cli-given.mjs');
    writeFileSync(file, '// a CLI the job provides\n');
    return file;
  };

  it.each(['v20.11.1', 'v20.18.3', 'v21.7.3', 'v22.11.0', 'not-a-version'])(
    'refuses node %s before running the CLI, naming the versions it needs',
    async (version) => {
      const given = await run('sh', ['-c', '. "$1"; stint --version', 'recipe', join(RECIPES, 'cli/stint-cli.sh')], {
        env: baseEnv({ PATH: fakeNode(version), STINT_CLI_PATH: cliFile() }),
      });
      expect(given.stdout).toBe('');
      expect(given.stderr).toBe(`stint: the stint CLI needs Node.js 20.19+ or 22.12+ on PATH; found ${version}\n`);
      expect(given.code).toBe(1);

      // The release asset: refused before anything is downloaded.
      const before = asset.requests.length;
      const pinned = await run('sh', ['-c', '. "$1"; stint --version', 'recipe', join(RECIPES, 'cli/stint-cli.sh')], {
        env: baseEnv({
          PATH: fakeNode(version),
          TMPDIR: dir,
          STINT_CLI_URL: asset.url,
          STINT_CLI_SHA256: asset.sha256,
        }),
      });
      expect(pinned.stderr).toBe(`stint: the stint CLI needs Node.js 20.19+ or 22.12+ on PATH; found ${version}\n`);
      expect(pinned.code).toBe(1);
      expect(asset.requests.length).toBe(before);
    },
  );

  it.each(['v20.19.0', 'v22.12.0', 'v23.0.0', 'v24.11.1'])('runs the CLI with node %s', async (version) => {
    const file = cliFile();
    const result = await run('sh', ['-c', '. "$1"; stint --version', 'recipe', join(RECIPES, 'cli/stint-cli.sh')], {
      env: baseEnv({ PATH: fakeNode(version), STINT_CLI_PATH: file }),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`node ${version} ran ${file} --version\n`);
    expect(result.code).toBe(0);
  });

  it('the orb exchange, in an image whose node is too old, says so and exports nothing', async () => {
    const orb = parseAllDocuments(readFileSync(join(RECIPES, 'circleci/orb.yml'), 'utf8'))[0]!.toJS() as {
      commands: Record<string, { steps: Array<{ run: { command: string } }> }>;
    };
    const bashEnv = join(dir, 'bash-env-old-node');
    writeFileSync(bashEnv, '');
    const result = await run('bash', ['-eo', 'pipefail', '-c', orb.commands.exchange!.steps[0]!.run.command], {
      env: baseEnv({
        PATH: fakeNode('v20.11.1'),
        TMPDIR: dir,
        BASH_ENV: bashEnv,
        CIRCLE_OIDC_TOKEN_V2: 'an-id-token',
        PARAM_BROKER_URL: 'https://stint.example.com',
        PARAM_PROJECT: 'warehouse',
        PARAM_CLI_URL: asset.url,
        PARAM_CLI_SHA256: asset.sha256,
      }),
    });
    expect(result.stderr).toContain('stint: the stint CLI needs Node.js 20.19+ or 22.12+ on PATH; found v20.11.1\n');
    expect(result.code).toBe(1);
    expect(readFileSync(bashEnv, 'utf8')).toBe('');
  });

  it('every example and README names a CircleCI image whose Node.js runs the CLI', () => {
    const files = [
      'README.md',
      'examples/workflows/circleci.yml',
      'recipes/circleci/README.md',
      'recipes/circleci/orb.yml',
      'recipes/circleci/src/examples/exchange.yml',
      'recipes/circleci/src/examples/sign.yml',
    ];
    for (const file of files) {
      const images = [...readFileSync(join(ROOT, file), 'utf8').matchAll(/cimg\/node:(\d+)\.(\d+)/g)];
      expect(images.length, file).toBeGreaterThan(0);
      for (const [image, major, minor] of images) {
        const [a, b] = [Number(major), Number(minor)];
        expect(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19), `${file}: ${image}`).toBe(true);
      }
    }
  });
});

describe('stint_cli_fetch run on its own (as the GitLab component selftest does)', () => {
  it('names the settings under set -u, where no stint() set them first', async () => {
    const script = `set -u; . '${join(RECIPES, 'cli/stint-cli.sh')}'; stint_cli_fetch`;
    const alone = await run('sh', ['-c', script], { env: baseEnv() });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('Say where the CLI comes from with cli-path, or cli-url with cli-sha256\n');
    const named = await run('sh', ['-c', script], { env: { ...baseEnv(), STINT_CLI_SETTINGS: 'the inputs cli_path' } });
    expect(named.stderr).toContain('Say where the CLI comes from with the inputs cli_path\n');
  });
});
