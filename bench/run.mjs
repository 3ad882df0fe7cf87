// `npm run bench`: runs every bench/*.bench.ts (each records its figures), then writes bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

rmSync('bench/.results', { recursive: true, force: true });
const started = Date.now();
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'bench/vitest.config.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
const seconds = Math.round((Date.now() - started) / 1000);

const rows = [];
if (existsSync('bench/.results')) {
  for (const file of readdirSync('bench/.results').sort()) {
    const area = file.replace(/\.json$/, '');
    for (const f of JSON.parse(readFileSync(`bench/.results/${file}`, 'utf8'))) {
      const met = f.met === undefined ? '' : f.met ? 'yes' : '**no**';
      rows.push(`| ${area} | ${f.figure} | ${f.value} | ${f.target} | ${met} |`);
    }
  }
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB; took ${seconds} s.`,
  'Every ratio is taken within one run against a baseline measured in the same run.',
  '',
  '| area | figure | value | target | met? |',
  '|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
writeFileSync('bench/RESULTS.md', report);
console.log(`\n${report}`);
process.exit(run.status ?? 1);
