/**
 * `stint policy explain --token` checks what the broker checks on a token before its policy
 * (issue 14 item 14): header, issuer, audience and times, and says which failed, so it never says
 * ALLOWED for a token an exchange would refuse. Through the built CLI, on examples/stint.yml.
 */
import { resolve } from 'node:path';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';
import { expectNoSecret } from '../helpers/secrets.js';

const example = resolve('examples/stint.yml');

/** A reviewed production deploy that examples/stint.yml allows (trust[3]). */
const deploy = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'https://stint.example.com',
  sub: 'repo:acme/warehouse:environment:production',
  repository: 'acme/warehouse',
  repository_owner: 'acme',
  repository_owner_id: '1234567',
  repository_id: '7654321',
  ref: 'refs/heads/main',
  event_name: 'push',
  environment: 'production',
  job_workflow_ref: 'acme/deploy-workflows/.github/workflows/deploy.yml@refs/heads/main',
};

const { privateKey } = await generateKeyPair('RS256');
const now = Math.floor(Date.now() / 1000);

async function token(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
}

function explain(jwt: string, ...extra: string[]): Promise<CliRun> {
  return runCli(['policy', 'explain', '--config', example, '--project', 'warehouse', '--token', jwt, ...extra]);
}

/** A token with this protected header and the allowed deploy's claims, signed or not as the header says. */
async function withHeader(header: Record<string, unknown>): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = await token({ ...deploy, iat: now, exp: now + 300 });
  return `${part(header)}.${part({ ...deploy, iat: now, exp: now + 300 })}.${signed.split('.')[2]}`;
}

describe.concurrent('stint policy explain --token checks the token as the broker does', () => {
  it('allows a token with the right issuer and audience that has not expired, and shows each check', async () => {
    const result = await explain(await token({ ...deploy, iat: now, exp: now + 300 }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'token, as the broker checks it before the policy (its signature is not checked here):\n  ✓ header  ok\n  ✓ iss     ok\n  ✓ aud     ok\n  ✓ times   ok\n',
    );
    expect(result.stdout).toContain('decision: ALLOWED, scopes: deploy (rules trust[3])\n');
  });

  it('denies a token for another audience (sts.amazonaws.com) that the policy alone would allow, saying so', async () => {
    const result = await explain(await token({ ...deploy, aud: 'sts.amazonaws.com', exp: now + 300 }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  ✗ aud     token audience "sts.amazonaws.com" is not https://stint.example.com; request the ID token with audience https://stint.example.com (the stint action\'s audience input, or --audience of stint exchange) (ERR_TOKEN_AUDIENCE)\n',
    );
    expect(result.stdout).toContain('trust[3] at');
    expect(result.stdout).toMatch(
      /\ndecision: DENIED \(ERR_TOKEN_AUDIENCE\): the broker refuses this token before its policy\n {2}reason: token audience "sts\.amazonaws\.com" is not https:\/\/stint\.example\.com; .*\n {2}the policy alone would allow it\n$/,
    );
  });

  it('denies a token that expired in 2021', async () => {
    const expired = Date.UTC(2021, 5, 1) / 1000;
    const result = await explain(await token({ ...deploy, iat: expired - 300, exp: expired }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  ✗ times   token has expired (ERR_TOKEN_EXPIRED)\n');
    expect(result.stdout).toContain(
      'decision: DENIED (ERR_TOKEN_EXPIRED): the broker refuses this token before its policy\n',
    );
    expect(result.stdout).not.toContain('decision: ALLOWED');
  });

  it('denies a token from another issuer explained with --provider, and a token without exp', async () => {
    const stranger = await explain(
      await token({ ...deploy, iss: 'https://token.actions.example.org', exp: now + 300 }),
      '--provider',
      'github',
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toContain(
      '  ✗ iss     token issuer "https://token.actions.example.org" is not https://token.actions.githubusercontent.com, the issuer of provider github (ERR_ISSUER_UNTRUSTED)\n',
    );
    const noExp = await explain(await token(deploy));
    expect(noExp.code).toBe(1);
    expect(noExp.stdout).toContain('  ✗ times   token has no numeric exp claim (ERR_TOKEN_CLAIMS)\n');
  });

  it('--json says allowed: false with every check, beside the policy decision', async () => {
    const result = await explain(await token({ ...deploy, aud: 'sts.amazonaws.com', exp: now + 300 }), '--json');
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      provider: 'github',
      allowed: false,
      token_checks: [
        { check: 'header', ok: true },
        { check: 'iss', ok: true },
        { check: 'aud', ok: false, code: 'ERR_TOKEN_AUDIENCE' },
        { check: 'times', ok: true },
      ],
      decision: { ok: true },
    });
  });

  it('denies a token whose header the broker refuses: alg none, HS256, a jku, a crit extension', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ alg: 'none' }, 'token is unsigned (alg none) (ERR_TOKEN_ALG)'],
      [{ alg: 'HS256' }, 'token alg HS256 is not an asymmetric signature algorithm (ERR_TOKEN_ALG)'],
      [{ alg: 'ES256' }, 'token alg ES256 is not allowed for provider github (allowed: RS256) (ERR_TOKEN_ALG)'],
      [
        { alg: 'RS256', jku: 'https://keys.example/jwks' },
        'token header carries jku; keys are only taken from the issuer',
      ],
      [{ alg: 'RS256', crit: ['exp'], exp: 1 }, 'token header lists crit extensions'],
    ];
    for (const [header, said] of cases) {
      const result = await explain(await withHeader(header));
      expect(result.code, JSON.stringify(header)).toBe(1);
      expect(result.stdout).toContain(`  ✗ header  ${said}`);
      expect(result.stdout).toContain('the policy alone would allow it');
      expect(result.stdout).not.toContain('decision: ALLOWED');
    }
  });

  it('--token-env reads the token from a variable, keeping it off the command line', async () => {
    const jwt = await token({ ...deploy, iat: now, exp: now + 300 });
    const args = ['policy', 'explain', '--config', example, '--project', 'warehouse', '--token-env', 'ID_TOKEN'];
    const result = await runCli(args, { env: { ...process.env, ID_TOKEN: jwt } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('decision: ALLOWED, scopes: deploy (rules trust[3])\n');
    expect(`${result.stdout}${result.stderr}`).not.toContain(jwt.split('.')[1]!);
    expectNoSecret([result.stdout, result.stderr], jwt, 'the ID token in ID_TOKEN');
    const unset = await runCli(args, { env: { PATH: process.env.PATH } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('--token-env ID_TOKEN: that variable is not set or empty');
  });
});
