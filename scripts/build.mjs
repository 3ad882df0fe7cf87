// Builds the committed bundles: dist/main and dist/post (the action), dist/cli (`stint`) and
// dist/verify (the `stint/verify` library, with type declarations). Each is minified; code that
// only some runs need is loaded with import() and lands in its own chunk.
// `npm run build -- cli` (or main, post, verify) rebuilds only the bundles named.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const bundles = [
  { entry: 'src/action/main.ts', out: 'dist/main' },
  { entry: 'src/action/post.ts', out: 'dist/post' },
  { entry: 'src/cli/index.ts', out: 'dist/cli', bin: true },
  // `import { verifyHmacWebhook } from 'stint/verify'`: the receiving side, for users' servers.
  { entry: 'src/verify/index.ts', out: 'dist/verify', types: 'tsconfig.verify.json' },
];
const only = process.argv.slice(2);

/** Runs a build tool; on failure drops the half-built bundle and exits with the tool's status. */
function runOrAbandon(staging, args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status === 0) return;
  rmSync(staging, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

for (const { entry, out, bin, types } of bundles) {
  if (only.length > 0 && !only.some((name) => out.endsWith(name))) continue;
  // Build beside the old bundle and swap it in, so a test running the old one never sees half a bundle.
  const staging = `${out}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  runOrAbandon(staging, [
    'node_modules/@vercel/ncc/dist/ncc/cli.js',
    'build',
    entry,
    '-o',
    staging,
    '--minify',
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
