import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJob,
  type Job,
  listFiles,
  maskViolations,
  requireBuilt,
  runnerMasked,
  runStep,
  type StepResult,
} from './harness.js';

/**
 * The spellings of a secret that common tools print, made by the tools themselves (GNU base64,
 * OpenSSL, Python), against what the BUILT action registers with `::add-mask::`. A later step
 * printing any of them must show `***` for each line the runner masks, and every mask must come
 * before anything the action writes.
 */
const SECRETS = {
  // Long enough that base64 wraps at 64 and at 76 columns.
  token: randomBytes(72).toString('base64url'),
  // Non-ASCII: Python's json.dumps writes it as \uXXXX (a surrogate pair for the key emoji).
  unicode: `pässwörd-ключ-🔑-${randomBytes(6).toString('hex')}`,
  // The characters the URL encoders disagree on: space ! ' ( ) * ~ / and + = & ? # %.
  urlish: `s3cr/t ~*'()! +=&?#%-${randomBytes(6).toString('hex')}`,
  // 241 bytes ending in a line feed: base64 at 64 columns ends with a line holding only it (`Cg==`).
  pem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  // 48 bytes and the line feed(s): the last wrapped line at 64 columns is `Cg==` (`Cgo=` with echo's).
  newline: `${randomBytes(36).toString('base64')}\n`,
  newlines: `${randomBytes(36).toString('base64')}\n\n`,
};

const SIGNING = `token: { type: hmac, secret: ${JSON.stringify(SECRETS.token)} }
unicode: { type: hmac, secret: ${JSON.stringify(SECRETS.unicode)} }
urlish: { type: hmac, secret: ${JSON.stringify(SECRETS.urlish)} }
pem: { type: jwt, alg: ES256, key: ${JSON.stringify(SECRETS.pem)} }
newline: { type: hmac, format: github, secret: ${JSON.stringify(SECRETS.newline)} }
newlines: { type: hmac, format: github, secret: ${JSON.stringify(SECRETS.newlines)} }
`;

function tool(command: string, args: string[], input: string): string {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return result.stdout;
}

const PYTHON = [
  'import json, sys, urllib.parse as u',
  's = sys.stdin.read()',
  'print(json.dumps(s))',
  'print(json.dumps(s, ensure_ascii=False))',
  'print(json.dumps({"secret": s}))',
  'print(u.quote(s))',
  'print(u.quote(s, safe=""))',
  'print(u.quote_plus(s))',
  'print(u.urlencode({"secret": s}))',
].join('\n');

const printed = new Map<string, Record<string, string[]>>();

/** What a later step prints, per tool, as lines of output. */
function spellings(secret: string): Record<string, string[]> {
  const cached = printed.get(secret);
  if (cached) return cached;
  const lines = (text: string) => text.replace(/\n$/, '').split('\n');
  const byTool = {
    'printf %s "$S" | base64': lines(tool('base64', [], secret)),
    'echo "$S" | base64': lines(tool('base64', [], `${secret}\n`)),
    'printf %s "$S" | openssl base64': lines(tool('openssl', ['base64'], secret)),
    'echo "$S" | openssl base64': lines(tool('openssl', ['base64'], `${secret}\n`)),
    'python3 json.dumps / urllib.parse': lines(tool('python3', ['-c', PYTHON], secret)),
  };
  printed.set(secret, byTool);
  return byTool;
}

/** The value inside the syntax a tool wraps it in: `"…"`, `{"secret": "…"}`, `secret=…`. */
function unwrap(line: string): string {
  return line
    .replace(/^\{"secret": "(.*)"\}$/, '$1')
    .replace(/^secret=/, '')
    .replace(/^"(.*)"$/, '$1');
}

/**
 * Whether a line a tool printed is a line of a base64 encoding that holds nothing secret alone:
 * only line feeds (`Cg==`: the secret's own, or the one echo adds) or under 4 characters of it,
 * which DESIGN §3 leaves unregistered, as it does such a line of the secret itself.
 */
function nothingSecretAlone(how: string, line: string): boolean {
  if (!how.includes('base64')) return false;
  return Buffer.from(line, 'base64').toString('utf8').trim().length < 4;
}

let job: Job;
let main: StepResult;

beforeAll(async () => {
  requireBuilt();
  job = createJob();
  main = await runStep(job, 'main', { inputs: { signing: SIGNING } });
});
afterAll(() => job?.remove());

describe('a later step printing a secret the way common tools spell it', () => {
  it('the action set up signing without an error', () => {
    expect(main.errors, main.stdout).toEqual([]);
    expect(main.code).toBe(0);
  });

  for (const [name, secret] of Object.entries(SECRETS)) {
    it(`${name}: every line base64, openssl, json.dumps and urllib print is masked whole`, () => {
      const leaks: string[] = [];
      for (const [how, lines] of Object.entries(spellings(secret))) {
        lines.forEach((line, i) => {
          const shown = runnerMasked(line, main.masks);
          // The only thing left may be JSON/URL syntax around the value, or a last line of the
          // encoding that carries nothing secret alone (`Cg==`: only a line feed).
          if (!/^(\*\*\*)+$/.test(unwrap(shown)) && !nothingSecretAlone(how, line))
            leaks.push(`${how}, line ${i + 1}: ${shown}`);
        });
      }
      expect(leaks).toEqual([]);
    });
  }

  it('registers no line of an encoding that holds only line feeds (`Cg==`, `Cgo=`), which would blank them everywhere', () => {
    const blank = main.masks.filter(
      (mask) => /^[A-Za-z0-9+/]+=*$/.test(mask) && Buffer.from(mask, 'base64').toString().trim() === '',
    );
    expect(blank).toEqual([]);
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const [how, lines] of Object.entries(spellings(secret)))
        for (const line of lines.filter((l) => nothingSecretAlone(how, l)))
          expect(main.masks, `${name} ${how}`).not.toContain(line);
    }
  });

  it('registers every one of those lines before the action writes anything else', () => {
    const exact = Object.fromEntries(
      Object.entries(SECRETS).flatMap(([name, secret]) =>
        Object.entries(spellings(secret)).map(([how, lines]) => [
          `${name} ${how}`,
          lines.map(unwrap).filter((line) => !nothingSecretAlone(how, line)),
        ]),
      ),
    );
    expect(maskViolations(main, SECRETS, exact)).toEqual([]);
  });
});

describe('a secret that cannot be masked is refused', () => {
  for (const [label, secret] of [
    ['three short lines', 'ab\ncd\nef'],
    ['short lines with CRLF', 'k9!\r\nx7?\r\n'],
    ['PEM armour around short lines', '-----BEGIN KEY-----\nab\ncd\n-----END KEY-----'],
  ] as const) {
    it(`${label}: one error, nothing registered, exported or written`, async () => {
      const refused = createJob();
      try {
        const result = await runStep(refused, 'main', {
          inputs: { signing: `hook: { type: hmac, secret: ${JSON.stringify(secret)} }` },
        });
        expect(result.code).toBe(1);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatch(
          /^stint: signing profile "hook": field "secret": a secret of \d+ lines, none of them 4 characters or more \(PEM armour aside\), cannot be masked in the log/,
        );
        expect(result.errors[0]).toContain('[ERR_SECRET_TOO_SHORT]');
        expect(result.masks).toEqual([]);
        expect(result.exported).toEqual({});
        expect(listFiles(refused.runnerTemp)).toEqual([]);
      } finally {
        refused.remove();
      }
    });
  }
});
