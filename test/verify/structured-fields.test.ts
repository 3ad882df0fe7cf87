import { describe, expect, it } from 'vitest';
import { isInnerList, parseDictionary, serializeInnerList, Token } from '../../src/verify/structured-fields.js';

describe('RFC 8941 dictionaries as Signature-Input, Signature and Content-Digest use them', () => {
  it('parses inner lists with parameters and re-serialises them unchanged', () => {
    const text =
      'sig1=("@method" "@authority" "content-digest");created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd", sig2=("@path");alg="ed25519"';
    const dict = parseDictionary(text, 'Signature-Input');
    expect([...dict.keys()]).toEqual(['sig1', 'sig2']);
    const sig1 = dict.get('sig1');
    if (sig1 === undefined || !isInnerList(sig1)) throw new Error('expected an inner list');
    expect(sig1.items.map((i) => i.value)).toEqual(['@method', '@authority', 'content-digest']);
    expect([...sig1.params]).toEqual([
      ['created', 1618884473],
      ['keyid', 'test-key-rsa-pss'],
      ['nonce', 'b3k2pp5k7z-50gnwp.yemd'],
    ]);
    expect(serializeInnerList(sig1)).toBe(
      '("@method" "@authority" "content-digest");created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd"',
    );
  });

  it('reads byte sequences, tokens, booleans, escapes and bare keys', () => {
    const dict = parseDictionary(
      'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, t=abc/def;x, b=?0, s="a\\"b\\\\c", flag',
      'X',
    );
    expect(dict.get('sha-256')?.['value' as never]).toEqual(
      Buffer.from('X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=', 'base64'),
    );
    expect(dict.get('t')).toEqual({ value: new Token('abc/def'), params: new Map([['x', true]]) });
    expect(dict.get('b')).toEqual({ value: false, params: new Map() });
    expect(dict.get('s')).toEqual({ value: 'a"b\\c', params: new Map() });
    expect(dict.get('flag')).toEqual({ value: true, params: new Map() });
  });

  it.each([
    ['sig1=("a" ', 'unterminated inner list at character 10'],
    ['sig1=("a"x)', 'inner list items must be separated by spaces at character 10'],
    ['sig1=:abc', 'unterminated byte sequence at character 6'],
    ['sig1="x\\y"', 'bad escape in string at character 10'],
    ['Sig1=1', 'expected a key at character 1'],
    ['a=1,', 'trailing comma at character 5'],
    ['a=1;b=?2', 'bad boolean at character 7'],
  ])('refuses %j', (text, why) => {
    expect(() => parseDictionary(text, 'Signature-Input')).toThrow(
      expect.objectContaining({
        code: 'ERR_SIGNATURE_MALFORMED',
        message: `Signature-Input: not a valid structured field (${why})`,
      }),
    );
  });
});
