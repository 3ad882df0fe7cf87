import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { type GithubIssuer, startGithubIssuer } from '../../src/demo/github-issuer.js';
import { type RunningBroker, startBrokerAt } from '../helpers/broker.js';

/** A GitHub-shaped issuer and a broker (the built CLI) that trusts it, for one test file. */
export interface Stack {
  issuer: GithubIssuer;
  broker: RunningBroker;
  /** The broker's URL, which is also its configured issuer. */
  url: string;
  /** POST /auth/oidc/exchange with a JSON body. */
  exchange(body: Record<string, unknown>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
  /** A fresh ID token for the broker's audience, with claim overrides. */
  idToken(claims?: Record<string, unknown>): Promise<string>;
  auditText(): string;
  stop(): Promise<void>;
}

/** The policy every broker test file shares; `extraProjects` is YAML appended under `projects:`. */
export function stackConfig(brokerUrl: string, issuerUrl: string, extraProjects = ''): string {
  return `issuer: ${brokerUrl}
keys: { dir: keys, algorithm: EdDSA }
audit: { file: audit.jsonl }
providers:
  github: { issuer: ${issuerUrl}, allow_insecure: true }
projects:
  warehouse:
    audience: https://api.warehouse.example.com
    scopes: [read, write, deploy]
    ttl: 15m
    max_ttl: 1h
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read, write]
  other:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/other:ref:refs/heads/main
  limited:
    scopes: [read]
    rate_limit: { rps: 0.001, burst: 2 }
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
${extraProjects}`;
}

export async function startStack(
  options: {
    extraProjects?: string;
    launcher?: string[];
    extraConfig?: string;
    /** Extra `stint serve` arguments and the files they name (e.g. `--tls-cert`), relative to the broker's dir. */
    args?: string[];
    files?: Record<string, string>;
  } = {},
): Promise<Stack> {
  const issuer = await startGithubIssuer();
  const { launcher, args, files } = options;
  // The broker's URL is its issuer, so discovery through it works.
  const broker = await startBrokerAt(
    (url) => `${options.extraConfig ?? ''}${stackConfig(url, issuer.url, options.extraProjects)}`,
    { ...(launcher && { launcher }), ...(args && { args }), ...(files && { files }) },
  );
  const url = broker.url;
  return {
    issuer,
    broker,
    url,
    async exchange(body) {
      const response = await fetch(`${url}/auth/oidc/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Record<string, unknown>,
      };
    },
    idToken: (claims = {}) => issuer.mint({ aud: url, ...claims }),
    auditText: () => readFileSync(join(broker.dir, 'audit.jsonl'), 'utf8'),
    async stop() {
      await broker.stop();
      await issuer.stop();
    },
  };
}

/** A raw TCP connection to the broker at `url`, for requests no HTTP client would send. */
export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => done(socket));
    socket.once('error', fail);
  });
}
