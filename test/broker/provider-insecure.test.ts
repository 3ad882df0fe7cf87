import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { logEntries, type RunningBroker, startBroker } from '../helpers/broker.js';
import { githubBrokerConfig } from '../helpers/broker-config.js';
import { runCli } from '../helpers/cli.js';

/**
 * `allow_insecure: true` lets a provider's issuer be plain http. On this machine (a test issuer)
 * that is fine; on any other host the broker would fetch the CI's keys in clear, so anyone on
 * the network path could forge any identity of that CI: WARN_PROVIDER_INSECURE at `stint policy
 * check`, at start and on each reload (docs/policy.md#providers).
 */
const AUDIENCE = 'https://stint.test';
let issuer: GithubIssuer;
const brokers: RunningBroker[] = [];

beforeAll(async () => {
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  for (const broker of brokers) await broker.stop();
  await issuer.stop();
});

/** A config trusting the local GitHub issuer, and gitlab at `gitlabIssuer` when given. */
const config = (gitlabIssuer?: string) =>
  githubBrokerConfig(issuer.url, {
    issuer: AUDIENCE,
    providers:
      gitlabIssuer === undefined
        ? ''
        : `  gitlab: { issuer: "${gitlabIssuer}", audience: ${AUDIENCE}, allow_insecure: true }\n`,
  });

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const warning = (url: string): RegExp =>
  new RegExp(
    `\\.yml:\\d+:\\d+: warning: providers\\.gitlab\\.issuer '${escaped(url)}' is plain http on a non-loopback host: anyone on the network path to it can serve the broker their own keys and forge any gitlab identity; give the issuer's https URL and drop allow_insecure \\(it is for local tests only\\)`,
  );

describe('a provider issuer over plain http (allow_insecure)', () => {
  it('is warned about by stint policy check on another host, not on this machine', async () => {
    const b = await startBroker({ configYaml: config() });
    brokers.push(b);
    for (const remote of [
      'http://192.0.2.10:8080',
      'http://gitlab.ci.invalid',
      'http://[2001:db8::1]',
      'http://127.example.com',
    ]) {
      writeFileSync(join(b.dir, 'remote.yml'), config(remote));
      const checked = await runCli(['policy', 'check', join(b.dir, 'remote.yml')]);
      expect(checked.code).toBe(0);
      expect(checked.stdout + checked.stderr).toMatch(warning(remote));
    }
    for (const local of ['http://127.0.0.2:8080', 'http://localhost:8080', 'http://[::1]:8080']) {
      writeFileSync(join(b.dir, 'local.yml'), config(local));
      const checked = await runCli(['policy', 'check', join(b.dir, 'local.yml')]);
      expect(checked.code).toBe(0);
      expect(checked.stdout + checked.stderr).not.toContain('plain http');
      expect(checked.stdout + checked.stderr).toContain('0 warnings');
    }
  });

  /** Waits for the broker's log to hold the WARN_PROVIDER_INSECURE line for `issuer`. */
  const warned = (b: RunningBroker, issuer: string): Promise<void> =>
    vi.waitFor(
      () =>
        expect(logEntries(b.output())).toContainEqual(
          expect.objectContaining({
            level: 'warn',
            code: 'WARN_PROVIDER_INSECURE',
            msg: expect.stringMatching(warning(issuer)),
          }),
        ),
      { timeout: 30_000, interval: 50 },
    );

  it('is warned about at start and on each reload (WARN_PROVIDER_INSECURE), and serves', async () => {
    const b = await startBroker({ configYaml: config('http://gitlab.ci.invalid') });
    brokers.push(b);
    // Logged after the listening line, with its code, like a reload's.
    await warned(b, 'http://gitlab.ci.invalid');
    expect((await fetch(`${b.url}/livez`)).status).toBe(200);

    writeFileSync(join(b.dir, 'stint.yml'), config('http://gitlab2.ci.invalid:8080'));
    b.process.kill('SIGHUP');
    await warned(b, 'http://gitlab2.ci.invalid:8080');
  });
});
