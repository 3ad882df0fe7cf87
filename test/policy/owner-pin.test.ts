import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

// A customised GitHub subject pins the owner only in its first key:value pair. Claim values may
// contain ':', so a later `repository_owner_id:ID` can be text a stranger put in an earlier value
// (issue 14, item 2). Runs the BUILT CLI (`npm run build`) as an admin would.
let dir: string;

function stint(args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir });
}

function config(subject: string, claims?: string): string {
  return [
    'issuer: https://stint.example.com',
    'providers: { github: {} }',
    'projects:',
    '  warehouse:',
    '    scopes: [deploy]',
    '    trust:',
    '      - provider: github',
    `        subject: "${subject}"`,
    ...(claims === undefined ? [] : [`        claims: ${claims}`]),
    '        scopes: [deploy]',
    '',
  ].join('\n');
}

const github = 'https://token.actions.githubusercontent.com';
/** acme's own deploy job: template [environment, repository_owner_id], environment production. */
const owner = {
  iss: github,
  sub: 'environment:production:repository_owner_id:1234567',
  repository: 'acme/warehouse',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  repository_id: '7654321',
  environment: 'production',
  event_name: 'push',
};
/** A stranger's job: template [environment], an environment named to spell out acme's pin. */
const stranger = {
  iss: github,
  sub: 'environment:production:repository_owner_id:1234567',
  repository: 'mallory/anything',
  repository_owner: 'mallory',
  repository_owner_id: '9999999',
  repository_id: '8888888',
  environment: 'production:repository_owner_id:1234567',
  event_name: 'push',
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stint-owner-pin-'));
  writeFileSync(join(dir, 'late-pin.yml'), config('environment:production:repository_owner_id:1234567'));
  writeFileSync(join(dir, 'first-pin.yml'), config('repository_owner_id:1234567:environment:production'));
  writeFileSync(
    join(dir, 'claim-pin.yml'),
    config('environment:production:repository_owner_id:1234567', "{ repository_owner_id: '1234567' }"),
  );
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(owner));
  writeFileSync(join(dir, 'stranger.json'), JSON.stringify(stranger));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('an owner pin in a customised GitHub subject', () => {
  it('does not count after the first pair: policy check refuses the rule', async () => {
    const result = await stint(['policy', 'check', 'late-pin.yml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'late-pin.yml:8:18: error: projects.warehouse.trust[0]: subject "environment:production:repository_owner_id:1234567" does not name a literal owner',
    );
    expect(result.stdout).toContain("pin the owner with claims: { repository_owner_id: '…' }");
    expect(result.stdout).toContain("a 'repository_owner_id:' pair counts only first in the subject");
    const json = JSON.parse((await stint(['policy', 'check', '--json', 'late-pin.yml'])).stdout) as {
      diagnostics: { code: string }[];
    };
    expect(json.diagnostics.map((d) => d.code)).toContain('ERR_POLICY_OWNER_WILDCARD');
  });

  it('so the stranger whose environment spells out the pin is never allowed', async () => {
    const result = await stint([
      'policy',
      'explain',
      '--config',
      'late-pin.yml',
      '--project',
      'warehouse',
      '--claims',
      'stranger.json',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain('ALLOWED');
  });

  it('counts as the first pair, where no claim value can supply it', async () => {
    const result = await stint(['policy', 'check', 'first-pin.yml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('first-pin.yml: OK');
  });

  it('with the signed claim condition, allows the owner and denies the stranger with the same subject', async () => {
    expect((await stint(['policy', 'check', 'claim-pin.yml'])).code).toBe(0);
    const explain = (claims: string) =>
      stint(['policy', 'explain', '--config', 'claim-pin.yml', '--project', 'warehouse', '--claims', claims]);
    const allowed = await explain('owner.json');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('decision: ALLOWED, scopes: deploy');
    const denied = await explain('stranger.json');
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/✗ repository_owner_id +wanted 1234567 {2}got 9999999/);
    expect(denied.stdout).toContain('decision: DENIED (ERR_POLICY_DENIED)');
  });
});
