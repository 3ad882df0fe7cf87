import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const reference = readFileSync(resolve('docs/cli.md'), 'utf8');

function help(args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [resolve('dist/cli/index.js'), ...args, '--help'], (error, stdout) =>
      error ? fail(error) : done(stdout),
    );
  });
}

/** The rows of the command table of docs/cli.md: the command words and every --flag the row names. */
const rows = [...reference.matchAll(/^\| (`stint .*?) \| .* \|$/gmu)].map((m) => {
  const cell = m[1]!;
  const command = /`stint ([a-z]+)/u.exec(cell)![1]!;
  const flags = [...new Set([...cell.matchAll(/--[a-z][a-z-]*/gu)].map((f) => f[0]))];
  return { cell, command, flags };
});

describe('the command reference, docs/cli.md', () => {
  it('has a row for every command `stint --help` lists, and no other', async () => {
    const listed = [...(await help([])).matchAll(/^ {2}([a-z]+) {2,}/gmu)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(8);
    expect([...new Set(rows.map((row) => row.command))].sort()).toEqual([...listed].sort());
  });

  it("names only flags that the command's --help names", async () => {
    const helps = new Map<string, string>();
    await Promise.all(
      [...new Set(rows.map((row) => row.command))].map(async (command) => helps.set(command, await help([command]))),
    );
    const unknown = rows.flatMap((row) =>
      row.flags.filter((flag) => !helps.get(row.command)!.includes(flag)).map((flag) => `${row.command} ${flag}`),
    );
    expect(unknown).toEqual([]);
  });

  it('the stint exchange options table matches its --help', async () => {
    const exchangeHelp = await help(['exchange']);
    const table = reference.split('\n## `stint exchange`')[1]!.split('\n## ')[0]!;
    const documented = [...table.matchAll(/^\| (`--[^|]*)\|/gmu)].flatMap((m) =>
      [...m[1]!.matchAll(/`(--[a-z-]+)/gu)].map((f) => f[1]!),
    );
    const offered = [...exchangeHelp.matchAll(/^ {2}(--[a-z-]+)/gmu)]
      .map((m) => m[1]!)
      .filter((flag) => flag !== '--help');
    expect([...new Set(documented)].sort()).toEqual(offered.sort());
  });
});
