import { createHmac, randomBytes } from 'node:crypto';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { hmacHeaders } from '../../src/signing/hmac.js';
import { parseSigningProfiles } from '../../src/signing/index.js';
import type { HmacProfile, SignDeps } from '../../src/signing/types.js';
import { verifyHmacWebhook } from '../../src/verify/index.js';

const NOW = 1_770_000_000_000;
const deps: SignDeps = { now: () => NOW, randomBytes };
const body = Buffer.from(
  JSON.stringify({ id: 'evt_1', object: 'event', type: 'deploy', data: { ref: 'refs/heads/main', note: 'naïve ☃' } }),
);
const request = { method: 'POST', url: 'https://hooks.example.com/deploy', headers: {}, body };
const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

function profile(spec: Record<string, unknown>): HmacProfile {
  return parseSigningProfiles({ p: { type: 'hmac', ...spec } }, { origin: 'action-input', env: {} }).profiles.get(
    'p',
  ) as HmacProfile;
}

describe('hmac formats, each checked by an independent verifier', () => {
  it('github: @octokit/webhooks-methods verify accepts it', async () => {
    const headers = hmacHeaders(profile({ format: 'github', secret: 'gh-secret' }), request, deps);
    expect(Object.keys(headers)).toEqual(['X-Hub-Signature-256']);
    expect(await octokitVerify('gh-secret', body.toString(), headers['X-Hub-Signature-256'] as string)).toBe(true);
    expect(await octokitVerify('other', body.toString(), headers['X-Hub-Signature-256'] as string)).toBe(false);
  });

  it('standard-webhooks: the standardwebhooks library verifies it', () => {
    const headers = hmacHeaders(profile({ format: 'standard-webhooks', secret: whsec }), request, {
      ...deps,
      now: Date.now,
    });
    expect(headers['webhook-id']).toMatch(/^msg_[\w-]{22}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(whsec).verify(body.toString(), headers)).toEqual(JSON.parse(body.toString()));
    expect(() => new Webhook(whsec).verify(`${body.toString()} `, headers)).toThrow(/No matching signature/);
  });

  it("stripe: Stripe's webhooks.constructEvent accepts it", () => {
    const header = hmacHeaders(profile({ format: 'stripe', secret: 'whsec_stripe_test' }), request, deps)[
      'Stripe-Signature'
    ] as string;
    expect(header).toMatch(/^t=1770000000,v1=[0-9a-f]{64}$/);
    const event = Stripe.webhooks.constructEvent(
      body.toString(),
      header,
      'whsec_stripe_test',
      300,
      undefined,
      NOW / 1000,
    );
    expect(event.id).toBe('evt_1');
    expect(() =>
      Stripe.webhooks.constructEvent(body.toString(), header, 'whsec_other', 300, undefined, NOW / 1000),
    ).toThrow(/No signatures found matching/);
  });

  it("slack: matches Slack's documented v0 formula", () => {
    const headers = hmacHeaders(profile({ format: 'slack', secret: 'slack-signing-secret' }), request, deps);
    // https://api.slack.com/authentication/verifying-requests-from-slack:
    // 'v0=' + hex(HMAC-SHA256(signing_secret, 'v0:' + X-Slack-Request-Timestamp + ':' + raw_body))
    const basestring = `v0:${headers['X-Slack-Request-Timestamp']}:${body.toString()}`;
    expect(headers['X-Slack-Request-Timestamp']).toBe('1770000000');
    expect(headers['X-Slack-Signature']).toBe(
      `v0=${createHmac('sha256', 'slack-signing-secret').update(basestring).digest('hex')}`,
    );
  });

  it.each([
    [{}, { 'X-Signature': createHmac('sha256', 's').update(body).digest('hex') }],
    [
      { algorithm: 'sha512', encoding: 'base64', prefix: 'sha512=', header: 'X-Hook-Sig' },
      { 'X-Hook-Sig': `sha512=${createHmac('sha512', 's').update(body).digest('base64')}` },
    ],
    [
      { timestamp_header: 'X-Timestamp' },
      {
        'X-Timestamp': '1770000000',
        'X-Signature': createHmac('sha256', 's').update(`1770000000.${body.toString()}`).digest('hex'),
      },
    ],
  ])('generic %o: the plain node:crypto formula', (options, expected) => {
    expect(hmacHeaders(profile({ format: 'generic', secret: 's', ...options }), request, deps)).toEqual(expected);
  });

  it('signs with the newest secret during rotation', async () => {
    const headers = hmacHeaders(profile({ format: 'github', secrets: ['new', 'old'] }), request, deps);
    expect(await octokitVerify('new', body.toString(), headers['X-Hub-Signature-256'] as string)).toBe(true);
  });
});

describe('verifyHmacWebhook refuses a configuration that would accept anything', () => {
  const body = '{}';
  const headers = { 'x-hub-signature-256': `sha256=${createHmac('sha256', '').update(body).digest('hex')}` };
  it.each([
    [
      'an unknown format (a JavaScript caller, or a typo in config)',
      { format: 'GitHub', secrets: ['s'] },
      'verifyHmacWebhook: unknown format "GitHub"',
    ],
    [
      'an empty secret (an unset variable read as "")',
      { format: 'github', secrets: [''] },
      'verifyHmacWebhook: secret 1 is empty',
    ],
    [
      'a Standard Webhooks secret with no key after whsec_',
      { format: 'standard-webhooks', secrets: ['whsec_'] },
      'verifyHmacWebhook: secret 1 is empty',
    ],
  ])('%s', (_name, options, message) => {
    expect(() => verifyHmacWebhook({ ...(options as { format: 'github'; secrets: string[] }), headers, body })).toThrow(
      expect.objectContaining({ code: 'ERR_VERIFY_CONFIG', message: expect.stringContaining(message) }),
    );
  });
});

describe('verifyHmacWebhook', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['github', { format: 'github', secret: 'gh' }, {}],
    ['standard-webhooks', { format: 'standard-webhooks', secret: whsec }, {}],
    ['stripe', { format: 'stripe', secret: 'whsec_s' }, {}],
    ['slack', { format: 'slack', secret: 'sl' }, {}],
    [
      'generic',
      { format: 'generic', secret: 'g', encoding: 'base64', prefix: 'v=', timestamp_header: 'X-Ts', header: 'X-Sig' },
      { encoding: 'base64', prefix: 'v=', timestampHeader: 'X-Ts', header: 'X-Sig' },
    ],
  ];

  it.each(cases)(
    '%s: accepts its own signature with any rotated secret, lowercase headers',
    (format, spec, generic) => {
      const p = profile(spec);
      const headers = Object.fromEntries(
        Object.entries(hmacHeaders(p, request, deps)).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const result = verifyHmacWebhook({
        format: p.format,
        // A Standard Webhooks secret must be one (whsec_ and base64 of 24 bytes or more), even a rotated one.
        secrets: [
          format === 'standard-webhooks' ? `whsec_${randomBytes(24).toString('base64')}` : 'newer',
          p.secrets[0] as string,
        ],
        headers,
        body,
        now: () => NOW + 10_000,
        ...generic,
      });
      expect(result.secretIndex).toBe(1);
      if (format !== 'github') expect(result.timestamp ?? 1770000000).toBe(1770000000);
    },
  );

  it.each(cases)('%s: refuses a tampered body', (_, spec, generic) => {
    const p = profile(spec);
    const headers = hmacHeaders(p, request, deps);
    expect(() =>
      verifyHmacWebhook({
        format: p.format,
        secrets: p.secrets,
        headers,
        body: Buffer.concat([body, Buffer.from(' ')]),
        now: () => NOW,
        ...generic,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_SIGNATURE_INVALID',
        message: `the ${p.format} webhook signature does not match the secret`,
      }),
    );
  });

  it.each(cases.filter(([f]) => f !== 'github'))('%s: refuses a replay after the tolerance', (_, spec, generic) => {
    const p = profile(spec);
    const headers = hmacHeaders(p, request, deps);
    expect(() =>
      verifyHmacWebhook({ format: p.format, secrets: p.secrets, headers, body, now: () => NOW + 301_000, ...generic }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_SIGNATURE_EXPIRED',
        message: 'the signed timestamp is 301 s old, outside the 300 s tolerance (a replay, or a clock out of sync)',
      }),
    );
    expect(
      verifyHmacWebhook({
        format: p.format,
        secrets: p.secrets,
        headers,
        body,
        now: () => NOW + 301_000,
        toleranceSec: 600,
        ...generic,
      }).secretIndex,
    ).toBe(0);
  });

  it('refuses a wrong timestamp spliced into valid signature headers', () => {
    const p = profile({ format: 'slack', secret: 'sl' });
    const headers = { ...hmacHeaders(p, request, deps), 'X-Slack-Request-Timestamp': String(NOW / 1000 + 5) };
    expect(() => verifyHmacWebhook({ format: 'slack', secrets: ['sl'], headers, body, now: () => NOW })).toThrow(
      expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }),
    );
  });

  it('refuses a missing header and a malformed signature', () => {
    expect(() => verifyHmacWebhook({ format: 'github', secrets: ['gh'], headers: {}, body })).toThrow(
      expect.objectContaining({
        code: 'ERR_SIGNATURE_MISSING',
        message: 'the request has no X-Hub-Signature-256 header',
      }),
    );
    expect(() =>
      verifyHmacWebhook({ format: 'github', secrets: ['gh'], headers: { 'x-hub-signature-256': 'sha256=zz' }, body }),
    ).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }));
  });

  it('accepts a fetch Headers object and a signature by an independent signer', () => {
    const headers = new Headers({
      'X-Slack-Request-Timestamp': '1770000000',
      'X-Slack-Signature': `v0=${createHmac('sha256', 'sl').update(`v0:1770000000:${body.toString()}`).digest('hex')}`,
    });
    expect(verifyHmacWebhook({ format: 'slack', secrets: ['sl'], headers, body, now: () => NOW }).timestamp).toBe(
      1770000000,
    );
    const signed = new Webhook(whsec).sign('msg_abc', new Date(NOW), body);
    expect(
      verifyHmacWebhook({
        format: 'standard-webhooks',
        secrets: [whsec],
        headers: {
          'webhook-id': 'msg_abc',
          'webhook-timestamp': '1770000000',
          'webhook-signature': `v1,bogus ${signed}`,
        },
        body,
        now: () => NOW,
      }).id,
    ).toBe('msg_abc');
  });
});
