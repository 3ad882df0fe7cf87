// Builds the three committed bundles: dist/main and dist/post (the action), dist/cli (`stint`).
// Each is minified; code that only some runs need is loaded with import() and lands in its own chunk.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const bundles = [
  { entry: 'src/action/main.ts', out: 'dist/main' },
  { entry: 'src/action/post.ts', out: 'dist/post' },
  { entry: 'src/cli/index.ts', out: 'dist/cli', bin: true },
];
const only = process.argv.slice(2);

for (const { entry, out, bin } of bundles) {
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
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
}
