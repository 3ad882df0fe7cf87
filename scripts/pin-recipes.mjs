#!/usr/bin/env node
// Pins the stint CLI release asset that every recipe (GitLab, Jenkins, CircleCI, Buildkite)
// downloads by default: its URL and its SHA-256, written as each recipe's default, so a job left
// on the defaults runs that exact file or nothing. Run by the release process once the asset
// exists and its digest is known; until then the defaults are empty and the recipes fail closed.
//
//   node scripts/pin-recipes.mjs --url https://github.com/OWNER/stint/releases/download/v1.2.3/stint-cli-1.2.3.mjs --sha256 <hex>
//   node scripts/pin-recipes.mjs --show      prints what each recipe pins now (JSON)
//   node scripts/pin-recipes.mjs --verify release/stint-cli-1.2.3.mjs [--url URL]
//                                            exit 1 unless every recipe pins this file (its name
//                                            ends the URL, its SHA-256 is the digest), and with
//                                            --url at exactly that URL: .github/workflows/release.yml's
//                                            check, before it publishes, that it built what the
//                                            recipes pin, where the release will serve it
//   --root DIR                               the repository to edit (default: this one)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

// Each default sits in a line the regular expression finds exactly once per file; group 1 is what
// comes before the value, group 2 the value.
const CIRCLECI_COMMANDS = ['exchange', 'sign', 'revoke'].map((name) => `recipes/circleci/src/commands/${name}.yml`);
const PINS = [
  {
    recipe: 'gitlab',
    file: 'recipes/gitlab/templates/stint.yml',
    url: /( {4}cli_url:\n {6}default: ')([^']*)'/,
    sha256: /( {4}cli_sha256:\n {6}default: ')([^']*)'/,
  },
  {
    recipe: 'jenkins',
    file: 'recipes/jenkins/vars/stint.groovy',
    url: /(config\.cliUrl \?: ')([^']*)'/,
    sha256: /(config\.cliSha256 \?: ')([^']*)'/,
  },
  ...CIRCLECI_COMMANDS.map((file) => ({
    recipe: `circleci ${file.split('/').pop()}`,
    file,
    url: /( {2}cli-url:\n {4}type: string\n {4}default: ")([^"]*)"/,
    sha256: /( {2}cli-sha256:\n {4}type: string\n {4}default: ")([^"]*)"/,
  })),
  ...['environment', 'pre-exit'].map((hook) => ({
    recipe: `buildkite ${hook}`,
    file: `recipes/buildkite/hooks/${hook}`,
    url: /(\$\{BUILDKITE_PLUGIN_STINT_CLI_URL:-)([^}]*)\}/,
    sha256: /(\$\{BUILDKITE_PLUGIN_STINT_CLI_SHA256:-)([^}]*)\}/,
  })),
];

// Characters that stay inert in every place a pin lands: '…' (YAML, Groovy), "…" (YAML) and
// "${VAR:-…}" (bash): no quotes, no $, no backquote, no braces, no backslash, no space.
const SAFE_URL = /^https?:\/\/[A-Za-z0-9._~:/?#@!&+,;=%-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;

function matchOnce(text, pattern, where) {
  const global = new RegExp(pattern.source, 'g');
  const found = [...text.matchAll(global)];
  if (found.length !== 1)
    throw new Error(`${where}: expected one pinned default matching ${pattern}, found ${found.length}`);
  return found[0];
}

/** What each recipe pins now: `[{ recipe, file, url, sha256 }]`, '' where nothing is pinned. */
export function readPins(root = resolve(here, '..')) {
  return PINS.map(({ recipe, file, url, sha256 }) => {
    const text = readFileSync(join(root, file), 'utf8');
    return { recipe, file, url: matchOnce(text, url, file)[2], sha256: matchOnce(text, sha256, file)[2] };
  });
}

/**
 * Writes `url` and `sha256` as every recipe's default and repacks the CircleCI orb.
 *
 * @example
 * await pinRecipes({ url: 'https://github.com/acme/stint/releases/download/v1.2.3/stint-cli-1.2.3.mjs', sha256: 'ab…' });
 */
export async function pinRecipes({ url, sha256, root = resolve(here, '..') }) {
  if (!SAFE_URL.test(url))
    throw new Error(
      `--url must be an http(s) URL without quotes, spaces, $, braces or backslashes; got ${JSON.stringify(url)}`,
    );
  if (!SHA256.test(sha256)) throw new Error('--sha256 must be 64 lowercase hex digits (as in SHA256SUMS)');
  for (const pin of PINS) {
    const path = join(root, pin.file);
    let text = readFileSync(path, 'utf8');
    for (const [pattern, value] of [
      [pin.url, url],
      [pin.sha256, sha256],
    ]) {
      const found = matchOnce(text, pattern, pin.file);
      const closing = found[0].slice(found[1].length + found[2].length);
      text = text.slice(0, found.index) + found[1] + value + closing + text.slice(found.index + found[0].length);
    }
    writeFileSync(path, text);
  }
  // This checkout's packer (it needs this checkout's node_modules), on the sources under root.
  const { packOrb } = await import(join(here, '../recipes/circleci/pack.mjs'));
  writeFileSync(join(root, 'recipes/circleci/orb.yml'), packOrb(join(root, 'recipes/circleci/src')));
}

/**
 * The recipes that do not pin `file` (by name at the end of the URL, or at exactly `url` when
 * given, and by SHA-256), each with why.
 */
export function verifyPins(file, root = resolve(here, '..'), url = undefined) {
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const name = basename(file);
  const wanted = url ?? name;
  return readPins(root)
    .filter((pin) => pin.sha256 !== sha256 || (url === undefined ? !pin.url.endsWith(`/${name}`) : pin.url !== url))
    .map(
      (pin) =>
        `${pin.file} pins ${pin.url || '(no URL)'} with sha256 ${pin.sha256 || '(none)'}, not ${wanted} with sha256 ${sha256}`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      sha256: { type: 'string' },
      root: { type: 'string' },
      show: { type: 'boolean' },
      verify: { type: 'string' },
    },
  });
  const root = values.root === undefined ? undefined : resolve(values.root);
  try {
    if (values.show) {
      console.log(JSON.stringify(readPins(root), null, 2));
    } else if (values.verify !== undefined) {
      const wrong = verifyPins(values.verify, root, values.url);
      if (wrong.length > 0)
        throw new Error(
          `the recipes do not pin ${values.verify}:\n${wrong.join('\n')}\nPin it (--url, --sha256) in the commit you release`,
        );
      console.log(`every recipe pins ${values.verify}`);
    } else {
      if (values.url === undefined || values.sha256 === undefined)
        throw new Error(
          'usage: pin-recipes.mjs --url URL --sha256 HEX [--root DIR] | --show | --verify FILE [--url URL]',
        );
      await pinRecipes({ url: values.url, sha256: values.sha256, ...(root ? { root } : {}) });
      console.log(`pinned ${values.url} (sha256 ${values.sha256}) in ${PINS.length} recipe files`);
    }
  } catch (error) {
    console.error(`pin-recipes: ${error.message}`);
    process.exit(1);
  }
}
