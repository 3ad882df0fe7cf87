import { describe, expect, it } from 'vitest';
import { ASYMMETRIC_ALGORITHMS, compilePolicy, parseConfig } from '../../src/policy/index.js';
import { CI_DESCRIPTORS, normaliseClaims } from '../../src/providers/index.js';
import { detectTokenSource, PROVIDER_CHOICES } from '../../src/providers/token-source.js';

/**
 * What every CI descriptor in the registry must satisfy. A new CI's descriptor runs through all
 * of these without a line added here; its own claim, issuer and token-source cases go in
 * providers.test.ts and test/exchange/token-source.test.ts.
 */
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const ORIGIN = 'http://127.0.0.1:9';
const cases = CI_DESCRIPTORS.map((ci) => [ci.kind, ci] as const);

describe('the registry', () => {
  it('has one descriptor per kind, each a name usable in config and on the command line', () => {
    const kinds = CI_DESCRIPTORS.map((ci) => ci.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(kind).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(PROVIDER_CHOICES).toEqual(['auto', ...kinds]);
  });
});

describe.each(cases)('%s', (kind, ci) => {
  const issuer = ci.claims.exampleIssuer(ORIGIN);
  const audience = ci.claims.defaultAudience?.(issuer) ?? 'https://stint.test';
  const claims = ci.claims.example(issuer, audience);
  const subject = claims.sub as string;

  it('describes its own default issuer, shares at most that one, and signs asymmetrically', () => {
    if (ci.issuer.default !== undefined) expect(ci.issuer.describe(ci.issuer.default)).toBeTypeOf('string');
    for (const shared of ci.issuer.shared) expect(shared).toBe(ci.issuer.default);
    expect(ci.issuer.algorithms.length).toBeGreaterThan(0);
    for (const alg of ci.issuer.algorithms) expect(ASYMMETRIC_ALGORITHMS).toContain(alg);
    expect(ci.issuer.shapes).not.toBe('');
  });

  it('normalises its example claims: the subject, main, and the owner its subject names', () => {
    expect(claims).toMatchObject({ iss: issuer, aud: audience });
    const identity = normaliseClaims(kind, claims);
    expect(identity).toMatchObject({ provider: kind, subject, ref: 'refs/heads/main', ref_type: 'branch' });
    const owner = ci.subject.owner(subject);
    if (owner !== undefined) expect([identity.owner, identity.owner_id]).toContain(owner);
  });

  it('reads its subject fields back into the same subject', () => {
    const fields = ci.subject.fields;
    if (fields === undefined) return;
    const parts = fields.parse(subject);
    expect(parts).toBeDefined();
    expect(fields.format(parts!)).toBe(subject);
    expect(fields.format(fields.parse(ci.subject.example)!)).toBe(ci.subject.example);
  });

  it('a rule of its example subject loads and allows its example token, and nothing else', () => {
    const yaml = [
      'issuer: https://stint.test',
      'providers:',
      `  ci: { kind: ${kind}, issuer: "${issuer}", allow_insecure: true }`,
      'projects:',
      '  warehouse:',
      '    trust:',
      `      - { provider: ci, subject: ${JSON.stringify(subject)} }`,
      '',
    ].join('\n');
    const { config, diagnostics } = parseConfig(yaml, 'ci.yml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const policy = compilePolicy(config);
    expect(policy.check('warehouse', 'ci', claims)).toMatchObject({ ok: true });
    expect(policy.check('warehouse', 'ci', { ...claims, sub: `${subject}x` })).toMatchObject({ ok: false });
    for (const { claim, value } of ci.claims.guarded) {
      expect(policy.check('warehouse', 'ci', { ...claims, [claim]: value })).toMatchObject({ ok: false });
    }
  });

  it('says what to add to the job when --provider names it and its token is missing', () => {
    let caught: unknown;
    try {
      detectTokenSource({ PATH: '' }, { provider: kind });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_TOKEN_SOURCE_NOT_FOUND' });
    expect((caught as Error).message).toMatch(/ not (set|on PATH)\. .+\.$/);
  });

  it('with --provider, reads its token from its default variable or mints it with its request', () => {
    const source = ci.token.source;
    if (source.via === 'env') {
      const found = detectTokenSource({ [source.variable]: JWT }, { provider: kind });
      expect(found).toMatchObject({ kind: 'env', provider: kind, variable: source.variable });
    }
    const renamed = detectTokenSource({ MY_ID_TOKEN: JWT }, { provider: kind, idTokenEnv: 'MY_ID_TOKEN' });
    expect(renamed).toMatchObject({ kind: 'env', provider: kind, variable: 'MY_ID_TOKEN' });
  });
});
