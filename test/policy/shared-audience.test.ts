/**
 * Two projects with one audience (issue 14 item 11): a token minted for one would pass at the
 * other's resource server, which checks `aud`. Refused at load, through the built CLI, unless
 * every project that shares it says `shared_audience: true`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/broker.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stint(args: string[], config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stint-shared-audience-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'stint.yml'), config);
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** Three projects; `warehouse` and `depot` get the audiences given, `other` keeps its default. */
function config(warehouse: string, depot: string): string {
  const rule = (repo: string) =>
    `    trust:\n      - provider: github\n        subject: repo:acme@1234567/${repo}:ref:refs/heads/main\n`;
  return `issuer: https://stint.example.com
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
${warehouse}${rule('warehouse@7654321')}  depot:
${depot}${rule('depot@7654322')}  other:
${rule('other@7654323')}`;
}

const SHARED =
  "projects.depot.audience https://api.example.com is also the audience of project warehouse: a token minted for either would be accepted by the other's resource server; give each project its own audience, or, if one service serves both and checks the token's project claim, set shared_audience: true on both";

describe('two projects with one audience', () => {
  it('stint policy check refuses them at the second audience, saying why and what to do', async () => {
    const result = await stint(
      ['policy', 'check', 'stint.yml'],
      config('    audience: https://api.example.com\n', '    audience: https://api.example.com\n'),
    );
    expect(result).toEqual({
      code: 1,
      stdout: `stint.yml:11:15: error: ${SHARED}\nstint.yml: 1 error, 0 warnings\n`,
      stderr: '',
    });
  });

  it("refuses an audience equal to another project's default (stint:<project>)", async () => {
    const result = await stint(['policy', 'check', 'stint.yml'], config('', '    audience: stint:warehouse\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'error: projects.depot.audience stint:warehouse is also the audience of project warehouse',
    );
  });

  it('counts two spellings of one URL as one audience, as the broker matches a resource indicator', async () => {
    const result = await stint(
      ['policy', 'check', 'stint.yml'],
      config('    audience: https://API.example.com\n', '    audience: https://api.example.com:443/\n'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'error: projects.depot.audience https://api.example.com:443/ is also the audience of project warehouse (spelled https://API.example.com there, the same URL)',
    );
  });

  it('stint serve refuses to start on it', async () => {
    const result = await stint(
      ['serve', '--config', 'stint.yml', '--host', '127.0.0.1', '--port', '0'],
      config('    audience: https://api.example.com\n', '    audience: https://api.example.com\n'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`stint.yml:11:15: ${SHARED}`);
  });

  it('is refused when only one of them says shared_audience: true, and loads when both do', async () => {
    const one = await stint(
      ['policy', 'check', 'stint.yml'],
      config(
        '    audience: https://api.example.com\n    shared_audience: true\n',
        '    audience: https://api.example.com\n',
      ),
    );
    expect(one.code).toBe(1);
    expect(one.stdout).toContain(SHARED);
    const both = await stint(
      ['policy', 'check', 'stint.yml'],
      config(
        '    audience: https://api.example.com\n    shared_audience: true\n',
        '    audience: https://api.example.com\n    shared_audience: true\n',
      ),
    );
    expect(both).toEqual({
      code: 0,
      stdout: 'stint.yml: OK (1 provider, 3 projects, 3 rules, 0 warnings)\n',
      stderr: '',
    });
  });
});
