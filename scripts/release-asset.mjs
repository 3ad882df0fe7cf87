// Makes the CLI's release assets from the built CLI (dist/cli, so run `npm run build` first):
//   stint-cli-<version>.mjs  one file that runs with plain `node` (or as ./stint-cli-<version>.mjs),
//                            nothing beside it, no node_modules; the licenses of the code it
//                            bundles are at its end
//   SHA256SUMS               the SHA-256 of every file in the output directory (the release
//                            workflow packs the npm tarball there first), in the format
//                            `sha256sum -c SHA256SUMS` checks
// ncc splits the CLI into chunks (dist/cli/NNN.index.js) that index.js loads with import() the
// first time a command needs them. Here each chunk is inlined as a function, and the one import()
// in ncc's chunk loader calls that function instead, so the file still loads a command's code
// only when the command runs.
//
// Usage: node scripts/release-asset.mjs [--out DIR]   (default: release/)
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli');

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'release') } } });
const out = resolve(values.out);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Stops with what went wrong: the shape of ncc's output changed, so the inlining must be looked at again. */
function fail(message) {
  process.stderr.write(`release-asset: ${message}\n`);
  process.exit(1);
}

// A chunk is exactly three exports: its id, the ids it holds, and an object literal of modules,
// after at most one import, of createRequire under webpack's name (pino's chunk asks whether it
// runs as a CommonJS main module); the single file then imports it once at its top.
const CREATE_REQUIRE = 'import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";\n';
const CHUNK =
  /^(import \{ createRequire as __WEBPACK_EXTERNAL_createRequire \} from "module";\n)?export const id = (\d+);\nexport const ids = (\[[\d,]+\]);\nexport const modules = (\{[\s\S]*\});\s*$/;
let needsCreateRequire = false;
const chunks = readdirSync(CLI)
  .filter((name) => /^\d+\.index\.js$/.test(name))
  .map((name) => {
    const match = CHUNK.exec(readFileSync(join(CLI, name), 'utf8'));
    if (!match) fail(`dist/cli/${name} is not the chunk shape this script inlines (export const id, ids, modules)`);
    if (`${match[2]}.index.js` !== name) fail(`dist/cli/${name} says it is chunk ${match[2]}`);
    if (match[1] !== undefined) needsCreateRequire = true;
    return `${match[2]}:()=>({ids:${match[3]},modules:${match[4]}})`;
  });

let main = readFileSync(join(CLI, 'index.js'), 'utf8');
const SHEBANG = '#!/usr/bin/env node\n';
if (!main.startsWith(SHEBANG)) fail('dist/cli/index.js does not start with its #! line; run npm run build');
main = main.slice(SHEBANG.length);
// ncc's loader: import("./"+__nccwpck_require__.u(chunkId)).then(installChunk, …)
const LOADER = /import\("\.\/"\+__nccwpck_require__\.u\((\w+)\)\)/g;
const loaders = main.match(LOADER) ?? [];
if (loaders.length !== 1) fail(`expected one chunk loader in dist/cli/index.js, found ${loaders.length}`);
main = main.replace(LOADER, 'Promise.resolve($1).then(__stintChunk)');
if (/\bimport\(/.test(main)) fail('dist/cli/index.js has an import() besides the chunk loader');

// Declared before the bundle's code: the bundle ends in a top-level await, during which the
// commands load their chunks, so a declaration after it would not exist yet.
const table = `const __stintChunks={${chunks.join(',\n')}};
function __stintChunk(id){const chunk=__stintChunks[id];if(!chunk)throw new Error("stint: chunk "+id+" is not in this file");return chunk()}
`;
const licenses = readFileSync(join(CLI, 'licenses.txt'), 'utf8')
  .split('\n')
  .map((line) => `// ${line}`.trimEnd())
  .join('\n');
const file = `${SHEBANG}// stint ${version}: the stint CLI in one file (https://www.npmjs.com/package/stint).\n${needsCreateRequire ? CREATE_REQUIRE : ''}${table}${main}\n// Licenses of the third-party code bundled above:\n${licenses}\n`;

const name = `stint-cli-${version}.mjs`;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, name), file);
chmodSync(join(out, name), 0o755);
const sums = readdirSync(out, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== 'SHA256SUMS')
  .map(
    (entry) =>
      `${createHash('sha256')
        .update(readFileSync(join(out, entry.name)))
        .digest('hex')}  ${entry.name}\n`,
  )
  .sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
writeFileSync(join(out, 'SHA256SUMS'), sums.join(''));
process.stdout.write(
  `${join(out, name)} (${Buffer.byteLength(file)} bytes, ${chunks.length} chunks inlined)\n${sums.join('')}`,
);
