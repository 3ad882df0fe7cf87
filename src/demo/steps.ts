/**
 * The steps of `stint demo`: the main job of a GitHub workflow that uses the stint action, from
 * the issuer and broker it needs to the post step and the audit check. runDemo runs them in order.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningMcpServer } from '../../examples/mcp-server/mcp-server.mjs';
import { HttpError, httpRequest } from '../lib/http.js';
import { createApiKey } from '../tokens/api-keys.js';
import { type GithubIssuer, startGithubIssuer } from './github-issuer.js';
import { runLaterStep } from './later-step.js';
import { startLocalApi } from './local-api.js';
import { type LocalBroker, startLocalBroker } from './local-broker.js';
import { type ActionStepResult, createLocalJob, type LocalJob, runActionStep } from './local-runner.js';
import type { LocalServer } from './local-server.js';
import { type MtlsServer, startMtlsServer } from './mtls-server.js';
import { type OAuthServer, startOAuthServer } from './oauth-server.js';
import { type ReceivedRequest, startSigningReceiver } from './signing-receiver.js';
import { makeSigningSet, type SigningSet } from './signing-set.js';

/** Lets a test see what the demo keeps to itself, to check it independently. */
export interface DemoObserver {
  /** The action's `signing` input (holds the secrets). */
  signingInput?(input: string): void;
  /** Each signed request the webhook receiver got, before it verifies it. */
  received?(profile: string, request: ReceivedRequest): void;
}

/** The project of the --dev policy that a push to main of acme/warehouse may get a token for. */
const PROJECT = 'warehouse';
/**
 * The action's retry budget here (STINT_RETRY_BUDGET, seconds; 60 by default): everything is on
 * loopback, so a broker that does not answer within it is broken, and the demo stays well under
 * two minutes even when a step fails. Each action step is killed after ACTION_STEP_TIMEOUT_MS.
 */
const ACTION_ENV = { STINT_RETRY_BUDGET: '10' };
const ACTION_STEP_TIMEOUT_MS = 30_000;

/** What the steps share. Everything it holds that must be stopped is stopped by runDemo. */
export interface DemoContext {
  dir: string;
  root: string;
  issuer?: GithubIssuer;
  broker?: LocalBroker;
  oauth?: OAuthServer;
  mtls?: MtlsServer;
  api?: LocalServer;
  receiver?: LocalServer;
  mcp?: RunningMcpServer;
  signing?: SigningSet;
  job?: LocalJob;
  main?: ActionStepResult;
  post?: ActionStepResult;
  /** Every secret the demo has seen (its own and every value the action masked): nothing printed may hold one. */
  secrets: Set<string>;
  /** Prints an indented line under the step's line (redacted). */
  detail(line: string): void;
  observe: DemoObserver;
  /** Aborted when the demo shuts down, so an action step still running is killed with it. */
  abort: AbortController;
}

export interface Step {
  name: string;
  /** Runs the step and says what happened in one line; throws when it did not work. */
  run(ctx: DemoContext): Promise<string>;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} (an earlier step failed)`);
  return value;
}

/** The main job of a workflow, step by step. */
export const steps: Step[] = [
  {
    name: 'GitHub-shaped OIDC issuer',
    async run(ctx) {
      ctx.issuer = await startGithubIssuer();
      ctx.secrets.add(ctx.issuer.requestToken);
      return `${ctx.issuer.url}: GitHub's discovery, JWKS (RS256), claim set and runner token protocol; the job is a push to main of acme/warehouse`;
    },
  },
  {
    name: 'broker (stint serve --dev)',
    async run(ctx) {
      const issuer = need(ctx.issuer, 'no issuer');
      ctx.broker = await startLocalBroker(ctx.dir, issuer.url);
      return `${ctx.broker.url}: memory store, keys and audit log in a temp .stint/, the --dev policy; provider github trusts ${issuer.url}`;
    },
  },
  {
    name: 'local services',
    async run(ctx) {
      const broker = need(ctx.broker, 'no broker');
      const { key } = await createApiKey(broker.broker.context.store, { project: PROJECT, name: 'demo warehouse API' });
      ctx.secrets.add(key);
      const project = broker.broker.context.config.projects[PROJECT];
      if (project === undefined) throw new Error(`the embedded default policy has no project ${PROJECT}`);
      ctx.api = await startLocalApi({ brokerUrl: broker.url, audience: project.audience, apiKey: key });
      ctx.oauth = await startOAuthServer();
      ctx.secrets.add(ctx.oauth.clientSecret);
      const caResponse = await httpRequest({ url: `${broker.url}/mtls/ca.pem` });
      if (caResponse.status !== 200) throw new Error(`the broker answered ${caResponse.status} for /mtls/ca.pem`);
      ctx.mtls = await startMtlsServer(caResponse.text(), PROJECT);
      ctx.signing = makeSigningSet({ oauth: ctx.oauth, serverCaPem: ctx.mtls.serverCaPem });
      for (const secret of ctx.signing.secrets) ctx.secrets.add(secret);
      ctx.observe.signingInput?.(ctx.signing.input);
      ctx.receiver = await startSigningReceiver(ctx.signing.profiles, ctx.observe.received);
      return `warehouse API ${ctx.api.url}, webhook receiver ${ctx.receiver.url}, OAuth token endpoint ${ctx.oauth.tokenUrl}, HTTPS server ${ctx.mtls.url} requiring a client certificate from the broker CA`;
    },
  },
  {
    name: 'action main (dist/main, as the runner runs it)',
    async run(ctx) {
      const issuer = need(ctx.issuer, 'no issuer');
      const broker = need(ctx.broker, 'no broker');
      const signing = need(ctx.signing, 'no signing profiles');
      ctx.job = createLocalJob(ctx.dir);
      const main = await runActionStep(ctx.job, 'main', {
        actionRoot: ctx.root,
        signal: ctx.abort.signal,
        inputs: { 'broker-url': broker.url, project: PROJECT, signing: signing.input },
        env: {
          ...ACTION_ENV,
          ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
        },
        timeoutMs: ACTION_STEP_TIMEOUT_MS,
      });
      ctx.main = main;
      for (const mask of main.masks) ctx.secrets.add(mask);
      if (main.outputs.token) ctx.secrets.add(main.outputs.token);
      for (const line of logLines(main)) ctx.detail(`| ${line}`);
      if (main.code !== 0) throw new Error(`exit ${main.code}: ${main.errors.join('; ') || lastLine(main.stderr)}`);
      if (!main.outputs.token || !main.exported.STINT_TOKEN || !main.exported.STINT_CONFIG)
        throw new Error('no token output or STINT_TOKEN/STINT_CONFIG export');
      const o = main.outputs;
      return `exit 0; ${main.masks.length} values masked first; outputs token (masked), scope ${o.scope}, expires-at ${o['expires-at']}, audit-id ${o['audit-id']}; STINT_TOKEN, STINT_CONFIG exported; stint on PATH`;
    },
  },
  {
    name: 'later step: $STINT_TOKEN → warehouse API',
    async run(ctx) {
      const job = need(ctx.job, 'no job');
      const api = need(ctx.api, 'no API');
      const result = await runLaterStep(job, process.execPath, ['--input-type=module', '-e', CALL_API], {
        API_URL: `${api.url}/deployments`,
      });
      if (result.code !== 0)
        throw new Error(`the API refused the token: ${result.stdout.trim() || lastLine(result.stderr)}`);
      const body = JSON.parse(result.stdout) as { sub: string; scope: string; checked: string };
      return `200 for ${body.sub} (scope ${body.scope}); verifyStintToken checked the ${body.checked}`;
    },
  },
  {
    name: 'signing profiles, each checked by its verifier',
    async run(ctx) {
      const job = need(ctx.job, 'no job');
      const signing = need(ctx.signing, 'no signing profiles');
      const receiver = need(ctx.receiver, 'no receiver');
      const mtls = need(ctx.mtls, 'no HTTPS server');
      const body = '{"event":"deploy","ref":"refs/heads/main"}';
      let passed = 0;
      for (const profile of signing.profiles) {
        const url = profile.verify ? `${receiver.url}/hooks/${profile.name}` : `${mtls.url}/`;
        const args = profile.verify
          ? ['request', profile.name, 'POST', url, '--body', body, '--header', 'Content-Type: application/json']
          : ['request', profile.name, 'GET', url];
        const result = await runLaterStep(job, 'stint', args);
        const answer = result.stdout.trim() || lastLine(result.stderr);
        if (result.code === 0) passed++;
        ctx.detail(`${result.code === 0 ? '✓' : '✗'} ${profile.name} (${profile.describe}): stint request → ${answer}`);
      }
      // `stint sign` prints the headers; the step sends the request itself, as with curl.
      const signed = await runLaterStep(job, 'stint', ['sign', 'github-webhook', '--body', body, '--format', 'json']);
      let signOk = false;
      if (signed.code === 0) {
        const { headers } = JSON.parse(signed.stdout) as { headers: Record<string, string> };
        const response = await httpRequest({
          url: `${receiver.url}/hooks/github-webhook`,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        signOk = response.status >= 200 && response.status <= 299;
        ctx.detail(
          `${signOk ? '✓' : '✗'} github-webhook: stint sign (${Object.keys(headers).join(', ')}) then send → ${response.text().trim()}`,
        );
      } else {
        ctx.detail(`✗ github-webhook: stint sign failed: ${lastLine(signed.stderr)}`);
      }
      const total = signing.profiles.length;
      if (passed < total || !signOk)
        throw new Error(`${passed}/${total} profiles verified${signOk ? '' : ', stint sign failed'}`);
      return `${passed}/${total} profiles (hmac github, standard-webhooks, stripe, slack, generic; http-signature ed25519, hmac-sha256; jwt; bearer; oauth2; mtls) and stint sign`;
    },
  },
  {
    name: "mTLS with the action's cert-path/key-path",
    async run(ctx) {
      const main = need(ctx.main, 'no action outputs');
      const mtls = need(ctx.mtls, 'no HTTPS server');
      const certPath = need(main.outputs['cert-path'], 'no cert-path output');
      const keyPath = need(main.outputs['key-path'], 'no key-path output');
      const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
      const withCert = await httpsGet(`${mtls.url}/`, { cert, key, ca: mtls.serverCaPem });
      if (withCert.status !== 200) throw new Error(`with the certificate: ${withCert.status} ${withCert.body}`);
      const without = await httpsGet(`${mtls.url}/`, { ca: mtls.serverCaPem });
      if (without.status !== 0)
        throw new Error(
          `without a client certificate the server answered ${without.status}; it must refuse the handshake`,
        );
      return `${withCert.body}; without a client certificate the handshake is refused (${without.body})`;
    },
  },
  {
    name: 'MCP server and client (RFC 9728, RFC 8707)',
    async run(ctx) {
      const { runMcpStep } = await import('./mcp.js');
      return runMcpStep({
        issuer: need(ctx.issuer, 'no issuer'),
        broker: need(ctx.broker, 'no broker'),
        secrets: ctx.secrets,
        detail: ctx.detail,
        started: (server) => {
          ctx.mcp = server;
        },
      });
    },
  },
  {
    name: 'denied exchange',
    async run(ctx) {
      const issuer = need(ctx.issuer, 'no issuer');
      const broker = need(ctx.broker, 'no broker');
      const job = createLocalJob(ctx.dir);
      issuer.setRunnerClaims({ sub: 'repo:acme/warehouse:ref:refs/heads/feature-x', ref: 'refs/heads/feature-x' });
      try {
        const denied = await runActionStep(job, 'main', {
          actionRoot: ctx.root,
          signal: ctx.abort.signal,
          inputs: { 'broker-url': broker.url, project: PROJECT },
          env: {
            ...ACTION_ENV,
            ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
            GITHUB_REF: 'refs/heads/feature-x',
          },
          timeoutMs: ACTION_STEP_TIMEOUT_MS,
        });
        for (const mask of denied.masks) ctx.secrets.add(mask);
        if (denied.code === 0 || denied.outputs.token)
          throw new Error('the broker gave feature-x a token; the policy should have refused it');
        const error = denied.errors[0] ?? lastLine(denied.stderr);
        if (!error.includes('ERR_EXCHANGE_DENIED'))
          throw new Error(`the action failed, but not with a denial: ${error}`);
        return `a push to feature-x: the action fails with ::error ${error}`;
      } finally {
        issuer.setRunnerClaims({});
        job.remove();
      }
    },
  },
  {
    name: 'action post (dist/post): revoke and clean up',
    async run(ctx) {
      const job = need(ctx.job, 'no job');
      const api = need(ctx.api, 'no API');
      const main = need(ctx.main, 'no main step');
      const post = await runActionStep(job, 'post', {
        actionRoot: ctx.root,
        env: ACTION_ENV,
        timeoutMs: ACTION_STEP_TIMEOUT_MS,
        signal: ctx.abort.signal,
      });
      ctx.post = post;
      for (const line of logLines(post)) ctx.detail(`| ${line}`);
      if (post.code !== 0 || post.warnings.length > 0)
        throw new Error(`exit ${post.code}${post.warnings.length ? `; warnings: ${post.warnings.join('; ')}` : ''}`);
      // A later step (there is none after post in a real job) would now be refused: the token is revoked.
      const after = await runLaterStep(job, process.execPath, ['--input-type=module', '-e', CALL_API], {
        API_URL: `${api.url}/deployments`,
      });
      const refusal = after.stdout.trim();
      if (after.code === 0 || !refusal.includes('ERR_TOKEN_INACTIVE'))
        throw new Error(`after revocation the API answered: ${refusal || lastLine(after.stderr)}`);
      // …and the broker will not certify a key for it any more.
      const certificate = await httpRequest({
        url: `${need(ctx.broker, 'no broker').url}/mtls/certificates`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${need(main.outputs.token, 'no token output')}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      if (certificate.status !== 401)
        throw new Error(
          `after revocation the broker answered ${certificate.status} to a certificate request with the token; it must refuse it (401)`,
        );
      const written = ['config-path', 'cert-path', 'key-path', 'ca-path']
        .map((name) => main.outputs[name])
        .filter((path): path is string => Boolean(path));
      const left = [...(await readdir(job.runnerTemp))];
      if (left.length > 0) throw new Error(`RUNNER_TEMP still holds ${left.join(', ')}`);
      return `token revoked (the warehouse API now answers 401 ${JSON.parse(refusal).error}, the broker refuses it a certificate: 401); ${written.length} output files and the rest of the action's directory removed, RUNNER_TEMP empty`;
    },
  },
  {
    name: 'stint audit verify',
    async run(ctx) {
      const broker = need(ctx.broker, 'no broker');
      const job = need(ctx.job, 'no job');
      const result = await runLaterStep(job, process.execPath, [
        join(ctx.root, 'dist', 'cli', 'index.js'),
        'audit',
        'verify',
        broker.auditFile,
      ]);
      if (result.code !== 0) throw new Error(lastLine(result.stderr) || `exit ${result.code}`);
      const events = (await readFile(broker.auditFile, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { event: string }).event);
      const counts = [...new Set(events)]
        .map((event) => `${event} ×${events.filter((e) => e === event).length}`)
        .join(', ');
      return `${result.stdout.trim().replace(broker.auditFile, '.stint/audit.jsonl')} (${counts})`;
    },
  },
];

/** A later step's script: call the API with $STINT_TOKEN, print the answer, fail on an error. */
const CALL_API = `const r = await fetch(process.env.API_URL, { headers: { authorization: 'Bearer ' + process.env.STINT_TOKEN } });
console.log(await r.text()); process.exit(r.ok ? 0 : 1);`;

/** The step's log as the runner shows it: its plain lines, without the workflow commands. */
function logLines(result: ActionStepResult): string[] {
  return result.stdout.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('::'));
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/** GET over TLS; status 0 and the reason when the handshake or connection fails. */
async function httpsGet(
  url: string,
  tls: { cert?: string; key?: string; ca: string },
): Promise<{ status: number; body: string }> {
  try {
    const response = await httpRequest({ url, tls, timeoutMs: 10_000 });
    return { status: response.status, body: response.text() };
  } catch (error) {
    if (error instanceof HttpError) return { status: 0, body: error.reason };
    throw error;
  }
}
