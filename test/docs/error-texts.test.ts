import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorOf, renderTroubleshooting } from '../../scripts/troubleshooting.mjs';
import { CATALOGUE, type QuotedMessage, TOPICS } from '../../src/lib/error-catalogue.js';
import {
  literalCoverage,
  matchQuote,
  recipeTemplates,
  type SourceTemplate,
  sourceTemplates,
  unwrap,
  WILD,
} from './quoted-texts.js';

/** Every page a reader may meet a code in: the README, SECURITY.md and docs/. */
const docs = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(resolve('docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
]
  .map((file) => readFileSync(resolve(file), 'utf8'))
  .join('\n');
const texts = (messages: readonly QuotedMessage[] | undefined): string[] =>
  (messages ?? []).flatMap((m) => (typeof m.text === 'string' ? [m.text] : [...m.text]));
/** Every text the catalogue quotes, with the code it is quoted under (none for a topic's own). */
const placed = [
  ...Object.values(TOPICS).flatMap((topic) =>
    texts('messages' in topic ? topic.messages : undefined).map((text) => ({
      text,
      code: undefined as string | undefined,
    })),
  ),
  ...Object.entries(CATALOGUE).flatMap(([code, entry]) =>
    texts('messages' in entry ? entry.messages : undefined).map((text) => ({ text, code })),
  ),
];
const quotes = placed.map((q) => q.text);
let templates: SourceTemplate[];

beforeAll(() => {
  // What users meet: the code under src/, and the recipes' scripts for the other CIs.
  templates = [...sourceTemplates(resolve('src')), ...recipeTemplates(resolve('recipes'))];
});

describe('the matcher', () => {
  it('lets placeholders and … stand for any text, and nothing else', () => {
    const template = `the broker denied a token for project ${WILD}: HTTP ${WILD}`;
    expect(literalCoverage('the broker denied a token for project warehouse: HTTP 403', template)).toBe(45);
    expect(literalCoverage('denied a token for project …: HTTP 403', template)).toBeGreaterThan(20);
    // Only a placeholder could print it: no literal text of the template is in it.
    expect(literalCoverage('the broker refused a token for project warehouse', template)).toBeLessThan(1);
    expect(unwrap('stint: no such thing [ERR_X]')).toEqual({ message: 'no such thing', code: 'ERR_X' });
  });

  it('refuses a quote the code does not print', () => {
    expect(matchQuote('stint: the broker is having a bad day; try yoga', templates).ok).toBe(false);
    // Drift: one word of a real message changed, or a clause added.
    const real =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
      'stint: no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})';
    expect(matchQuote(real, templates).ok).toBe(true);
    expect(matchQuote(real.replace('pass --config', 'give --config'), templates).ok).toBe(false);
    expect(matchQuote(real.replace('is given,', 'is given and the moon is full,'), templates).ok).toBe(false);
    const composed =
      'stint: the broker denied a token for project warehouse: HTTP 403 invalid_scope: scope "deploy" is not granted to this job for project warehouse; it may have: read write (request_id …). …';
    expect(matchQuote(composed, templates).ok).toBe(true);
    expect(matchQuote(composed.replace('is not granted to this job', 'is not given to this job'), templates).ok).toBe(
      false,
    );
  });

  it("does not take the catalogue's own quotes for the code's texts", () => {
    expect(templates.some((template) => template.file.endsWith('error-catalogue.ts'))).toBe(false);
  });
});

describe('the error catalogue', () => {
  it('generates docs/troubleshooting.md exactly (npm run docs:errors writes it)', () => {
    expect(readFileSync(resolve('docs/troubleshooting.md'), 'utf8')).toBe(renderTroubleshooting({ TOPICS, CATALOGUE }));
  });

  it('gives every code a summary and a fix, and every topic codes', () => {
    const entries = Object.entries(CATALOGUE);
    expect(entries.length).toBeGreaterThan(100);
    expect(
      entries.filter(([, entry]) => entry.summary.trim() === '' || entry.fix.trim() === '').map(([code]) => code),
    ).toEqual([]);
    expect(Object.keys(TOPICS).filter((name) => !entries.some(([, entry]) => entry.topic === name))).toEqual([]);
  });

  it('quotes a good number of error texts, each under the code it ends with', () => {
    expect(quotes.length).toBeGreaterThan(60);
    // The action ends a message with its code in brackets: the quote belongs under that code.
    const misplaced = placed.filter((q) => unwrap(q.text).code !== undefined && unwrap(q.text).code !== q.code);
    expect(misplaced).toEqual([]);
  });

  it('every quoted error text is printed by the code', () => {
    const misses = quotes
      .map((quote) => matchQuote(quote, templates))
      .filter((match) => !match.ok)
      .map(
        (m) =>
          `${m.quote}\n    closest: ${m.best ? `${m.best.file}:${m.best.line}` : 'none'}; unexplained: ${m.unexplained}`,
      );
    expect(misses).toEqual([]);
  });

  it('renders texts with backticks as code spans that keep them', () => {
    const page = renderTroubleshooting({
      TOPICS: { t: { title: 'T', intro: 'i' } },
      CATALOGUE: {
        ERR_X: { topic: 't', status: 401, summary: 's', fix: 'f', messages: [{ text: ['a `b` c', '`d`'], note: 'n' }] },
      },
    });
    expect(page).toContain('### ERR_X\n\n**HTTP 401.** s\n\n**What to do:** f\n\n- ``a `b` c`` / `` `d` `` — n\n');
    expect(anchorOf('The receiving side (`stint/verify`)')).toBe('the-receiving-side-stintverify');
  });
});

describe('error codes named in the README, SECURITY.md and docs/', () => {
  it('every ERR_/WARN_ code the docs name is in the catalogue', () => {
    const named = new Set([...docs.matchAll(/\b((?:ERR|WARN)_[A-Z0-9_]*[A-Z0-9])\b/gu)].map((m) => m[1]!));
    // ERR_SSL_… and ERR_TLS_… come from Node's TLS stack, which stint passes on.
    const unknown = [...named].filter(
      (code) => !code.startsWith('ERR_SSL_') && !code.startsWith('ERR_TLS_') && !Object.hasOwn(CATALOGUE, code),
    );
    expect(unknown).toEqual([]);
  });
});

// A few quotes, produced for real by the built CLI (as a user would meet them).
describe('the built CLI prints what the catalogue quotes', () => {
  const cli = resolve('dist/cli/index.js');
  let dir: string;

  /** Runs the built CLI; `output` is stdout and stderr together, as a terminal shows them. */
  function stint(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; stderr: string; output: string }> {
    // A clean environment: no CI markers of the machine running the tests leak in.
    const base = { PATH: process.env.PATH ?? '', HOME: dir };
    return new Promise((done) => {
      // Killed after 60 s (a `serve` that should have refused and serves), as a run of its own.
      const options = { cwd: dir, env: { ...base, ...env }, timeout: 60_000, killSignal: 'SIGKILL' as const };
      execFile(process.execPath, [cli, ...args], options, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : error.signal ? -1 : 1;
        done({ code, stderr, output: `${stdout}${stderr}` });
      });
    });
  }

  /** The catalogue's quote that starts with `start`, as a pattern where … matches anything. */
  function quoted(start: string): RegExp {
    const quote = quotes.find((q) => q.startsWith(start));
    expect(quote, `the catalogue quotes an error starting ${start}`).toBeDefined();
    const pattern = quote!
      .split('…')
      .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
      .join('.*');
    return new RegExp(pattern, 'u');
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stint-docs-'));
    writeFileSync(
      join(dir, 'typo.yml'),
      [
        'issuer: https://stint.example.com',
        'providers: { github: {} }',
        'projects:',
        '  warehouse:',
        '    trust:',
        '      - provider: github',
        '        subjet: repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'star.yml'),
      [
        'issuer: https://stint.example.com',
        'providers: { github: {} }',
        'projects:',
        '  warehouse:',
        '    trust:',
        '      - { provider: github, subject: "*" }',
        '      - { provider: github, subject: "repo:acme/warehouse:ref:refs/heads/main" }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'signing.yml'),
      [
        'signing:',
        '  deploy-hook: { type: hmac, format: github, secret_env: DEPLOY_HOOK_SECRET }',
        '  billing-api: { type: jwt, alg: HS256, key_env: BILLING_JWT_KEY, claims: { iss: ci, aud: billing } }',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stint policy check on a typo', async () => {
    const { code, output } = await stint(['policy', 'check', 'typo.yml']);
    expect(code).toBe(1);
    expect(output).toMatch(quoted("unknown key 'subjet'"));
  });

  it('stint policy check on a wildcard subject and a names-only one', async () => {
    const { code, output } = await stint(['policy', 'check', 'star.yml']);
    expect(code).toBe(1);
    expect(output).toMatch(quoted('projects.warehouse.trust[0]: subject "*" is only wildcards'));
    expect(output).toMatch(quoted('… names the repository without its IDs'));
  });

  it('stint exchange with no token source', async () => {
    const { code, stderr } = await stint([
      'exchange',
      '--broker',
      'https://stint.example.com',
      '--project',
      'warehouse',
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(quoted('stint: no CI OIDC token found'));
  });

  it('stint exchange in GitLab without id_tokens', async () => {
    const { code, stderr } = await stint(
      ['exchange', '--broker', 'https://stint.example.com', '--project', 'warehouse'],
      { GITLAB_CI: 'true' },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(quoted('stint: this looks like GitLab CI'));
  });

  it('stint sign with an unknown profile, and with no config', async () => {
    const unknown = await stint(['sign', 'deploy', '--config', 'signing.yml'], {
      DEPLOY_HOOK_SECRET: 'x'.repeat(32),
      BILLING_JWT_KEY: 'y'.repeat(32),
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(quoted('stint: no signing profile'));
    const none = await stint(['sign', 'deploy-hook']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(quoted('stint: no signing config'));
  });

  it('stint serve with no config file', async () => {
    // The docs' own example path, which no test machine has.
    const { code, stderr } = await stint(['serve', '--config', '/srv/stint/stint.yml', '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(quoted('stint: cannot read config'));
  });
});
