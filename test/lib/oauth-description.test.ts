import { describe, expect, it } from 'vitest';
import { oauthDescription } from '../../src/lib/oauth-description.js';

/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const ALLOWED = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

describe('oauthDescription (broker error bodies and the stint/verify challenge)', () => {
  it("spells stint's own characters in ASCII and keeps the sense", () => {
    expect(oauthDescription('scope "deploy" is not granted (RFC 8693 §2.1) → ask for read… – or — none')).toBe(
      "scope 'deploy' is not granted (RFC 8693 section 2.1) -> ask for read... - or - none",
    );
  });

  it('puts ? for anything else outside the set, including control characters and a backslash as a quote', () => {
    const out = oauthDescription('scope "ré\\x" \u2018a\u2019 \u201cb\u201d tab\there\nnew \u{1f600}');
    expect(out).toMatch(ALLOWED);
    expect(out).toBe("scope 'r?'x' 'a' 'b' tab?here?new ??");
  });
});
