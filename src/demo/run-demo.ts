import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../audit/log.js';
import { exchangeWithRetry, RemoteError, revokeToken } from '../broker/client.js';
import { liveAccessToken } from '../broker/token-routes.js';
import { startGithubIssuer, type GithubIssuer } from './github-issuer.js';
import { startLocalBroker, type LocalBroker } from './local-broker.js';

export interface DemoIo {
  /** One progress line. */
  print(line: string): void;
}

/** What the steps share. */
interface DemoContext {
  issuer: GithubIssuer;
  broker: LocalBroker;
  /** The token the allowed exchange got, for the steps after it. */
  token?: string;
}

interface Step {
  name: string;
  /** Runs the step and returns what happened, in one line; throws when it did not work. */
  run(ctx: DemoContext): Promise<string>;
}

/** An ID token through the runner protocol, as the action would ask for one. */
async function runnerIdToken(issuer: GithubIssuer, audience: string): Promise<string> {
  const response = await fetch(`${issuer.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${issuer.requestToken}` },
  });
  if (!response.ok) throw new Error(`the issuer answered ${response.status} to the token request`);
  return ((await response.json()) as { value: string }).value;
}

const exchangeFor = (ctx: DemoContext, scope?: string) =>
  exchangeWithRetry({
    brokerUrl: ctx.broker.url,
    project: 'warehouse',
    audience: ctx.broker.url,
    getIdToken: (audience) => runnerIdToken(ctx.issuer, audience),
    budgetMs: 5_000,
    ...(scope === undefined ? {} : { scope }),
  });

/** The demo, step by step; the lead appends the action, signing and mTLS steps here. */
export const steps: Step[] = [
  {
    name: 'allowed exchange',
    async run(ctx) {
      ctx.issuer.setRunnerClaims({});
      const result = await exchangeFor(ctx, 'read write');
      ctx.token = result.access_token;
      return `push to main of acme/warehouse got a warehouse token (scope ${result.scope}, expires ${result.expires_at})`;
    },
  },
  {
    name: 'denied exchange',
    async run(ctx) {
      ctx.issuer.setRunnerClaims({ sub: 'repo:acme/warehouse:ref:refs/heads/feature-x', ref: 'refs/heads/feature-x' });
      try {
        await exchangeFor(ctx);
      } catch (error) {
        if (error instanceof RemoteError && error.status === 403) return `push to feature-x was denied (403): ${error.description}`;
        throw error;
      } finally {
        ctx.issuer.setRunnerClaims({});
      }
      throw new Error('the broker gave feature-x a token; the policy should have refused it');
    },
  },
  {
    name: 'revocation',
    async run(ctx) {
      if (ctx.token === undefined) throw new Error('no token to revoke (the allowed exchange failed)');
      await revokeToken(ctx.broker.url, ctx.token, { budgetMs: 5_000 });
      if (await liveAccessToken(ctx.broker.broker.context, ctx.token)) throw new Error('the token is still live after revocation');
      return 'the token was revoked; the broker no longer accepts it';
    },
  },
  {
    name: 'audit verify',
    async run(ctx) {
      const result = await verifyAuditLog(ctx.broker.auditFile);
      if (!result.ok) throw new Error(`audit log line ${result.line}: ${result.reason}`);
      return `audit log hash chain intact (${result.lines} lines: issued, denied, revoked)`;
    },
  },
];

/**
 * `stint demo`: a GitHub-shaped issuer and the broker on loopback with a generated config in a
 * temp dir, then each step; prints a line per step and one result line. Resolves true when every
 * step worked. Everything it started is stopped and its temp dir removed, whatever happens.
 */
export async function runDemo(io: DemoIo): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'stint-demo-'));
  let issuer: GithubIssuer | undefined;
  let broker: LocalBroker | undefined;
  let passed = 0;
  let failed: string | undefined;
  try {
    issuer = await startGithubIssuer();
    io.print(`stint demo: GitHub-shaped OIDC issuer at ${issuer.url}`);
    broker = await startLocalBroker(dir, issuer.url);
    io.print(`stint demo: broker at ${broker.url} (config ${broker.configFile})`);
    const ctx: DemoContext = { issuer, broker };
    for (const step of steps) {
      try {
        io.print(`stint demo: ok   ${step.name}: ${await step.run(ctx)}`);
        passed++;
      } catch (error) {
        const message = error instanceof RemoteError && error.description ? `${error.message} (${error.description})` : (error as Error).message;
        io.print(`stint demo: FAIL ${step.name}: ${message}`);
        failed ??= step.name;
      }
    }
  } catch (error) {
    failed = `set-up: ${(error as Error).message}`;
    io.print(`stint demo: FAIL ${failed}`);
  } finally {
    await broker?.close();
    await issuer?.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const ok = failed === undefined;
  io.print(ok ? `stint demo: PASS (${passed}/${steps.length} steps)` : `stint demo: FAILED (${passed}/${steps.length} steps passed; first failure: ${failed})`);
  return ok;
}
