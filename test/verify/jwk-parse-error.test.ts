/**
 * A JWK given to verifyHttpSignature that is not JSON is described, never quoted: V8's JSON error
 * quotes about ten characters each side of the mistake, which in a private JWK is its `d`, and
 * the message is what a receiving service logs. Through the built bundle (dist/verify).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret } from '../helpers/secrets.js';
import { startVerifyDriver, type VerifyDriver } from '../helpers/verify-driver.js';

const SECRET = 'VerifySecret_Qp83Lm-ZZ';
let driver: VerifyDriver;
beforeAll(() => {
  driver = startVerifyDriver();
});
afterAll(async () => {
  await driver?.stop();
});

interface Failure {
  code: string;
  message: string;
}

describe('verifyHttpSignature with a JWK that is not JSON', () => {
  it('says so without quoting any of it (V8’s JSON error quotes the text around the mistake)', async () => {
    const jwk = `{"kty":"EC","crv":"P-256","d":${SECRET}}`;
    const failure = await driver.run<Failure>(
      `const created = Math.floor(Date.now() / 1000);
       try {
         await verify.verifyHttpSignature({
           method: 'POST',
           url: 'https://api.example.com/hooks',
           body: '{}',
           headers: {
             'content-digest': 'sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:',
             'signature-input': 'sig1=("@method" "@authority" "@path" "content-digest");created=' + created + ';keyid="k";alg="ecdsa-p256-sha256"',
             signature: 'sig1=:AAAA:',
           },
           keys: { k: { alg: 'ecdsa-p256-sha256', key: args.jwk } },
         });
         return { code: 'none', message: 'verified' };
       } catch (error) {
         return { code: error.code, message: error.message };
       }`,
      { jwk },
    );
    expect(failure.code).toBe('ERR_VERIFY_CONFIG');
    expect(failure.message).toBe(
      'the key for keyid "k" is not a public key Node can read: it starts with { but is not valid JSON; give a JWK as a JSON object, or a PEM public key',
    );
    // V8 quotes about ten characters each side of the mistake: look for the start of `d` alone too.
    expectNoSecret(failure.message, SECRET, 'the private d');
    expectNoSecret(failure.message, SECRET.slice(0, 8), 'the start of the private d');
  });
});
