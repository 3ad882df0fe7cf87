// The load for bench/exchange.bench.ts, in a process of its own so that sending requests does not
// share the server's process: reads pre-minted ID tokens (one per line) from a file and posts each
// once to URL with IN_FLIGHT requests in flight on keep-alive connections, until the tokens run
// out or MAX_MS passes. Prints one JSON line: {count, ms, failures, firstFailure}.
// Usage: node load.mjs URL TOKENS_FILE IN_FLIGHT MAX_MS [PROJECT]
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [url, tokensFile, inFlightText, maxMsText, project = 'warehouse'] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
const inFlight = Number(inFlightText);
// STINT_LOAD_FRESH=1: a new connection per exchange, as CI jobs make them (each job exchanges once).
const agent = process.env.STINT_LOAD_FRESH ? false : new Agent({ keepAlive: true, maxSockets: inFlight });
const target = new URL(url);

function post(token) {
  const body = JSON.stringify({ token, project });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
let count = 0;
let failures = 0;
let firstFailure;
const started = performance.now();
const deadline = started + Number(maxMsText);
async function client() {
  while (next < tokens.length && performance.now() < deadline) {
    const answer = await post(tokens[next++]);
    if (answer.status === 200) count++;
    else {
      failures++;
      firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
    }
  }
}
await Promise.all(Array.from({ length: inFlight }, client));
const ms = performance.now() - started;
if (agent) agent.destroy();
console.log(JSON.stringify({ count, ms, failures, firstFailure }));
