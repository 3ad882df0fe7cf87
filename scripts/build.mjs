// Builds the committed bundles: dist/main and dist/post (the action), dist/cli (`stint`) and
// dist/verify (the `stint/verify` library, with type declarations). The action and the CLI are
// minified (a step starts a fresh node each time: bench/action.bench.ts); the library is not: it
// is loaded once per service, its users read it as installed, and an uncaught error prints the
// line it was thrown from, which in minified code is the whole file. Code that only some runs
// need is loaded with import() and lands in its own chunk.
// ncc's build cache is off: it lives outside the checkout (~/.cache/ncc, one per directory), and an
// entry left there by an earlier build of another layout (node_modules linked, not installed) made
// a build whose chunk and module ids differ from a clean one (the likely cause of a CI run whose
// rebuilt dist/main differed from the committed one, though a fresh clone here rebuilt it the same).
// `npm run build -- cli` (or main, post, verify) rebuilds only the bundles named.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const bundles = [
  // The action's steps are CommonJS: the runner starts a fresh node for each step, and an ES
  // module as the entry costs every step a pass of Node's ES module loader (bench/action.bench.ts).
  { entry: 'src/action/main.ts', out: 'dist/main', commonjs: true },
  { entry: 'src/action/post.ts', out: 'dist/post', commonjs: true },
  { entry: 'src/cli/index.ts', out: 'dist/cli', bin: true },
  // `import { verifyHmacWebhook } from 'stint/verify'`: the receiving side, for users' servers.
  { entry: 'src/verify/index.ts', out: 'dist/verify', types: 'tsconfig.verify.json', readable: true },
];
const only = process.argv.slice(2);

/** Runs a build tool; on failure drops the half-built bundle and exits with the tool's status. */
function runOrAbandon(staging, args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status === 0) return;
  rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

/**
 * ncc's command line bundles an entry under a `"type": "module"` package.json (this repository's)
 * as an ES module; its API takes `esm: false`. The options are those of the command line below.
 * The package.json written beside the bundle tells Node that its .js files are CommonJS.
 */
async function buildCommonJs(entry, staging) {
  const ncc = createRequire(import.meta.url)('@vercel/ncc');
  let build;
  try {
    build = await ncc(resolve(entry), {
      esm: false,
      cache: false,
      minify: true,
      sourceMapRegister: false,
      license: 'licenses.txt',
      quiet: true,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    rmSync(staging, { recursive: true, force: true });
    process.exit(1);
  }
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'index.js'), build.code);
  for (const [name, asset] of Object.entries(build.assets)) {
    mkdirSync(dirname(join(staging, name)), { recursive: true });
    writeFileSync(join(staging, name), asset.source, { mode: asset.permissions });
  }
  for (const [name, target] of Object.entries(build.symlinks ?? {})) symlinkSync(target, join(staging, name));
  writeFileSync(join(staging, 'package.json'), '{\n  "type": "commonjs"\n}\n');
}

for (const { entry, out, bin, types, commonjs, readable } of bundles) {
  if (only.length > 0 && !only.some((name) => out.endsWith(name))) continue;
  // Build beside the old bundle and swap it in, so a test running the old one never sees half a bundle.
  const staging = `${out}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  if (commonjs) await buildCommonJs(entry, staging);
  else
    runOrAbandon(staging, [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      staging,
      ...(readable ? [] : ['--minify']),
      '--no-cache',
      '--quiet',
      '--no-source-map-register',
      '--license',
      'licenses.txt',
    ]);
  if (bin) {
    const file = `${staging}/index.js`;
    const code = readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${code}`);
    chmodSync(file, 0o755);
  }
  if (types) {
    // Type declarations for library users; tsc writes them beside the bundle, under types/.
    runOrAbandon(staging, ['node_modules/typescript/bin/tsc', '-p', types, '--outDir', `${staging}/types`]);
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
}
