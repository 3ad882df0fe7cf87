import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';

/**
 * A flood of made-up API keys from one client address, within its request rate, must not shut
 * out introspection for everyone else (review, December: one address kept the 64 waiting scrypt
 * checks full, and a real key not verified since the broker started got 503 after 503). Through
 * the built CLI: keys made by `stint keys create-api-key`, a fresh `stint serve` (so none of them
 * is in its cache of verified keys), clients told apart by X-Forwarded-For from a trusted proxy.
 * A made-up id costs the same slow hash as a made-up secret for a real id (DESIGN §2), and so the
 * same share.
 */
const CONFIG = `issuer: https://stint.example.com
keys: { dir: keys, algorithm: EdDSA }
store: memory
audit: { file: audit.jsonl }
trust_proxy: [127.0.0.1]
# High enough that the flooding address is never refused for its request rate: the point is what
# one address can do within its own limit.
rate_limit: { per_address: { rps: 100000, burst: 100000 } }
providers:
  github: {}
projects:
  warehouse:
    scopes: [read]
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
`;

/** Requests the flooding address keeps in flight: well over the 64 checks that may wait. */
const FLOOD_CONCURRENCY = 120;
/** A ceiling on each flood, so a broker that never saturates cannot keep the test going. */
const FLOOD_CEILING = 6000;

let dir: string;
let broker: RunningBroker;
const keys: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stint-introspect-flood-'));
  writeFileSync(join(dir, 'stint.yml'), CONFIG);
  for (let i = 0; i < 3; i++) {
    const made = await runCli(['keys', 'create-api-key', '--config', 'stint.yml', '--project', 'warehouse'], {
      cwd: dir,
    });
    expect(made.code, made.stderr).toBe(0);
    keys.push(made.stdout.trim());
  }
  broker = await startBroker({ configYaml: CONFIG, dir });
}, 240_000);

afterAll(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function introspect(key: string, address: string): Promise<number> {
  const response = await fetch(`${broker.url}/oauth2/introspect`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': address,
    },
    body: 'token=not-a-token',
  });
  await response.arrayBuffer();
  return response.status;
}

interface Flood {
  /** Answers so far, by status. */
  codes: Record<number, number>;
  /** Resolves once it has stopped (stop() called, or FLOOD_CEILING requests sent). */
  stop(): Promise<Record<number, number>>;
}

/** FLOOD_CONCURRENCY loops, each sending `junk()` from `address` again as soon as it is answered. */
function flood(address: string, junk: () => string): Flood {
  const codes: Record<number, number> = {};
  let sent = 0;
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped && sent < FLOOD_CEILING) {
      sent++;
      const status = await introspect(junk(), address).catch(() => 0);
      codes[status] = (codes[status] ?? 0) + 1;
    }
  };
  const loops = Promise.all(Array.from({ length: FLOOD_CONCURRENCY }, loop));
  return {
    codes,
    async stop() {
      stopped = true;
      await loops;
      return codes;
    },
  };
}

/** Waits until `condition` holds, or the flood has sent its ceiling (then fails with what it saw). */
async function until(condition: () => boolean, what: string, seen: () => unknown): Promise<void> {
  for (let waited = 0; !condition(); waited++) {
    if (waited > 2400) throw new Error(`${what} did not happen: ${JSON.stringify(seen())}`);
    await new Promise((resume) => setTimeout(resume, 50));
  }
}

const secret = () => randomBytes(32).toString('base64url');
const idOf = (key: string) => key.split('_')[2]!;

describe('introspection under a flood of made-up API keys from one address', () => {
  it('checks a made-up id as it checks a wrong secret (DESIGN §2): one address gets its share, and a real key elsewhere is served', async () => {
    // Before, an id no key has was refused without a hash, so its answer time told that the id does
    // not exist. Now it costs the scrypt of a wrong secret, and so counts against the address's
    // share of the checks: a flood of made-up ids from one address is turned away (429) beyond it.
    const attack = flood('203.0.113.7', () => `stint_sk_${randomBytes(8).toString('hex')}_${secret()}`);
    await until(
      () => (attack.codes[429] ?? 0) + (attack.codes[503] ?? 0) > 0,
      'the flooding address was turned away',
      () => attack.codes,
    );
    // A real key from elsewhere meanwhile, checked for the first time since the broker started.
    const real = await introspect(keys[0]!, '198.51.100.20');
    const codes = await attack.stop();
    expect(real).toBe(200);
    expect(codes[503] ?? 0).toBe(0);
    expect(codes[429]).toBeGreaterThan(0);
    expect(codes[401]).toBeGreaterThan(0);
    // Each refused made-up key is audited with its public id and why.
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const refused = lines.find((line) => line.event === 'introspection_denied' && line.code === 'ERR_API_KEY_INVALID');
    expect(refused?.reason).toMatch(/: API key [0-9a-f]{16} does not exist \(no key has that id\)$/);
    expect(refused?.api_key_id).toBe(/API key ([0-9a-f]{16})/.exec(refused?.reason as string)?.[1]);
  }, 240_000);

  it('lets one address hold only its share of the checks that do cost a hash', async () => {
    // The id of a real key is public (list-api-keys, audit events, /metrics), so a flood may name
    // it with made-up secrets: each of those costs a scrypt.
    const known = idOf(keys[0]!);
    const attack = flood('203.0.113.8', () => `stint_sk_${known}_${secret()}`);
    // The flooding address is at its limit once it is turned away.
    await until(
      () => (attack.codes[429] ?? 0) + (attack.codes[503] ?? 0) > 0,
      'the flooding address was turned away',
      () => attack.codes,
    );
    // Two keys not checked since the broker started, from two other addresses: each is served.
    const real = await Promise.all([introspect(keys[1]!, '198.51.100.21'), introspect(keys[2]!, '2001:db8::21')]);
    const codes = await attack.stop();
    expect(real).toEqual([200, 200]);
    // The address over its share is told to slow down (429): a 503 would mean the broker itself is
    // full, and could take it out of a load balancer.
    expect(codes[503] ?? 0).toBe(0);
    expect(codes[429]).toBeGreaterThan(0);
    expect(codes[401]).toBeGreaterThan(0);
  }, 240_000);
});
