import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { expectNoSecret } from '../helpers/secrets.js';
import { createJob, requireBuilt, runStep } from './harness.js';

/**
 * The broker's request_id is a random UUID; the action shows it in its error and its job summary
 * so the audit event can be found. A broker (or something in its place) that answers with the ID
 * token, or a piece of it, as request_id must not get it into the summary, a file no mask covers,
 * nor into the log's retry lines. Through the built action (dist/main), on 127.0.0.1.
 */
let issuer: GithubIssuer;
beforeAll(async () => {
  requireBuilt();
  issuer = await startGithubIssuer();
});
afterAll(async () => {
  await issuer?.stop();
});

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** A broker with no discovery document that refuses every exchange with `status`, echoing what `requestId(idToken)` makes of the ID token as request_id. */
async function echoingBroker(
  status: number,
  requestId: (idToken: string) => string,
): Promise<{ url: string; idTokens: string[]; server: Server }> {
  const idTokens: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      // No discovery document: the action then takes the broker URL as the audience and exchanges.
      if (req.method === 'GET') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      const idToken = JWT.exec(decodeURIComponent(body))?.[0] ?? 'none';
      idTokens.push(idToken);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: status === 400 ? 'invalid_grant' : 'server_error',
          error_description: 'refused',
          request_id: requestId(idToken),
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, idTokens, server };
}

function runnerEnv(): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer.url}/_apis/distributedtask/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    STINT_RETRY_BUDGET: '2',
  };
}

describe.concurrent('a request_id that is not the broker’s', () => {
  it('the ID token as request_id (400): neither the summary nor the log shows it, nor any request id', async () => {
    const broker = await echoingBroker(400, (idToken) => idToken);
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': broker.url, project: 'warehouse' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.errors).toHaveLength(1);
      expect(main.summary).toContain('**Failed**');
      expect(main.summary).not.toContain('Broker request id');
      expect(main.errors[0]).not.toContain('request_id');
      expect(broker.idTokens.length).toBeGreaterThan(0);
      const unmasked = main.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      for (const idToken of broker.idTokens) {
        expectNoSecret(main.summary, idToken, 'the ID token in the job summary');
        expectNoSecret([unmasked, main.stderr], idToken, 'the ID token in the log');
      }
    } finally {
      job.remove();
      broker.server.close();
    }
  });

  it('the end of the ID token’s signature as request_id (500, retried): not in the retry lines nor the summary', async () => {
    const broker = await echoingBroker(500, (idToken) => `r-${idToken.slice(-20)}`);
    const job = createJob();
    try {
      const main = await runStep(job, 'main', {
        inputs: { 'broker-url': broker.url, project: 'warehouse' },
        env: runnerEnv(),
      });
      expect(main.code).toBe(1);
      expect(main.summary).toContain('**Failed**');
      expect(main.summary).not.toContain('Broker request id');
      expect(broker.idTokens.length).toBeGreaterThan(0);
      expect(main.stdout).toContain('retrying');
      // The masks themselves hold every form of the token; the runner prints none of them.
      const unmasked = main.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      for (const idToken of broker.idTokens) {
        const piece = idToken.slice(-20);
        expectNoSecret([unmasked, main.stderr, main.summary], piece, 'the end of the ID token');
      }
    } finally {
      job.remove();
      broker.server.close();
    }
  });
});
