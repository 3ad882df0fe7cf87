// Builds the three committed bundles: dist/main and dist/post (the action), dist/cli (`stint`).
// Each is minified; code that only some runs need is loaded with import() and lands in its own chunk.
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

for (const { entry, out, bin, types } of bundles) {
  if (only.length > 0 && !only.some((name) => out.endsWith(name))) continue;
  // Build beside the old bundle and swap it in, so a test running the old one never sees half a bundle.
  const staging = `${out}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', staging, '--minify', '--quiet', '--no-source-map-register', '--license', 'licenses.txt'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  if (bin) {
    const file = `${staging}/index.js`;
    const code = readFileSync(file, 'utf8');
    if (!code.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${code}`);
    chmodSync(file, 0o755);
  }
  if (types) {
    // Type declarations for library users; tsc writes them beside the bundle, under types/.
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', types, '--outDir', `${staging}/types`], { stdio: 'inherit' });
    if (tsc.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      process.exit(tsc.status ?? 1);
    }
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
}
